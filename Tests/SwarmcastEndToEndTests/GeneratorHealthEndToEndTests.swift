import Foundation
import SwarmcastLoop
import SwarmcastReport
import SwarmcastTestSupport
import Testing

/// The swarm judging itself: a starved agent is called the bottleneck, a quiet one is not.
@Suite(.serialized)
struct GeneratorHealthEndToEndTests {
    /// Busy loops pinned to core 0 at the lowest priority (nice 19, like the starved swarm, so
    /// that tests running beside this one hardly notice them), each killed by its `timeout`
    /// after 60 s at the latest.
    static func hogs(_ n: Int) throws -> [Subprocess] {
        try (0..<n).map { _ in
            try Subprocess(["-c", "0", "nice", "-n", "19", "timeout", "-s", "KILL", "60", "sh", "-c", "while :; do :; done"], executable: "/usr/bin/taskset",
                           captureStdout: false, captureStderr: false)
        }
    }

    /// Kills the hogs' shells, then their `timeout`s, with SIGKILL: children of the test runner
    /// may start with SIGTERM blocked (inherited from the runner), so SIGTERM would not end them.
    static func kill(_ hogs: [Subprocess]) {
        for hog in hogs {
            for child in ChildProcess.children(of: hog.pid) { Glibc.kill(child, SIGKILL) }
            hog.stop(signal: SIGKILL, timeout: 5)
        }
    }

    /// The swarm (coordinator and agent) pinned to core 0 at nice 19 beside three busy loops of
    /// the same priority gets at most a quarter of a core for 2,000 listeners at 20 ms packets,
    /// which need more than half of one: its loop runs late and it waits for the CPU most of
    /// each second.
    @Test func aStarvedAgentIsCalledTheBottleneck() throws {
        let server = try ServerProcess()
        let out = SwarmEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let hogs = try Self.hogs(3)
        defer { Self.kill(hogs) }
        let swarm = try Subprocess(["-c", "0", "nice", "-n", "19", SwarmcastBinary.path, "swarm", "--server", server.listen.description, "--listeners", "2000",
                                    "--ramp", "2s", "--duration", "8s", "--out", out.path, "--progress", "plain"],
                                   executable: "/usr/bin/taskset")
        let status = swarm.wait(timeout: 120)
        let stdout = swarm.stdout
        #expect(status == 0, "\(swarm.stderr)")
        let s = try RunWriter.readSummary(out.appendingPathComponent("summary.json"))
        let g = try #require(s.generator)
        #expect(g.saturatedSeconds > 0, "\(g)")
        #expect(g.warnings.first?.hasPrefix("for \(g.saturatedSeconds) s the swarm was the bottleneck") == true, "\(g.warnings)")
        #expect(stdout.contains("gen cpu"), "\(stdout)")
        let report = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("id=generator-saturated"))
        let timeline = try String(contentsOf: out.appendingPathComponent("timeline.csv"), encoding: .utf8)
        #expect(timeline.contains("gen_saturated"))
    }

    /// 50 listeners at 1 s packets use a few percent of a core: nothing is saturated and no
    /// generator warning is raised. (Host-wide warnings, such as the load average of this shared
    /// machine, describe the host rather than the agent and are not checked.)
    @Test func aQuietRunRaisesNoWarning() throws {
        let server = try ServerProcess(["--frames-per-packet", "50"])
        let out = SwarmEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try SwarmcastBinary.run(["swarm", "--server", server.listen.description, "--listeners", "50", "--ramp", "1s",
                                         "--duration", "5s", "--out", out.path, "--progress", "plain"])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try RunWriter.readSummary(out.appendingPathComponent("summary.json"))
        let g = try #require(s.generator)
        #expect(g.saturatedSeconds == 0, "\(g)")
        #expect(g.warnings.filter { !$0.hasPrefix("host ") && !$0.hasPrefix("CPU steal") }.isEmpty, "\(g.warnings)")
        #expect(g.cpuMax < 50 && g.openFilesMax >= 50 && g.openFilesLimit > 0)
        #expect(!r.stdout.contains("gen cpu"))
        let report = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(!report.contains("id=generator-saturated"))
    }
}
