import Foundation
import SwarmcastReport
import SwarmcastTestSupport
import Testing

/// The real binaries on loopback: `serve`, `swarm` and `run`, with small counts.
@Suite(.serialized)
struct SwarmEndToEndTests {
    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("swarmcast-e2e-\(UUID().uuidString)")
    }

    @Test func twoAgentsOfFiveHundredListenersAllHearAudio() throws {
        let server = try ServerProcess()
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try SwarmcastBinary.run(["swarm", "--server", server.listen.description, "--listeners", "1000", "--agents", "2",
                                         "--ramp", "2s", "--duration", "5s", "--out", out.path, "--progress", "plain"])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try RunWriter.readSummary(out.appendingPathComponent("summary.json"))
        #expect(s.complete)
        #expect(s.agents.started == 2 && s.agents.lost == 0)
        #expect(s.counters.welcomed == 1000)
        #expect(s.counters.receivedAudio == 1000)
        #expect(s.listeners.peak == 1000)
        #expect(s.counters.framesLost == 0)
        #expect(s.failuresByCause.isEmpty)
        let delay = try #require(s.delay)
        #expect(delay.p50 > 0 && delay.p50 < 1000 && delay.p99 >= delay.p50 && delay.max < 5000)
        let timeline = try String(contentsOf: out.appendingPathComponent("timeline.csv"), encoding: .utf8)
        #expect(timeline.split(separator: "\n").count >= 5)
        #expect(r.stdout.contains("listeners 1000/1000"))
        #expect(server.metric("swarmcast_listeners_joined_total") == 1000)
    }

    @Test func killingTheServerEndsTheRunIncompleteWithServerClosed() throws {
        let server = try ServerProcess()
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let pid = server.process.pid
        let killer = Thread {
            Thread.sleep(forTimeInterval: 3)
            kill(pid, SIGKILL)
        }
        killer.start()
        let r = try SwarmcastBinary.run(["swarm", "--server", server.listen.description, "--listeners", "200", "--agents", "2",
                                         "--ramp", "1s", "--duration", "30s", "--out", out.path, "--progress", "none"], timeout: 40)
        #expect(r.status == 1)
        let s = try RunWriter.readSummary(out.appendingPathComponent("summary.json"))
        #expect(s.complete == false)
        #expect(s.incompleteReasons.contains("server-gone"))
        #expect(s.counters.disconnects["server-closed"] == 200)
        #expect(s.durationSeconds < 20)
    }

    @Test func aKilledAgentIsReportedLostWhileTheOthersFinish() throws {
        let server = try ServerProcess()
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let target = server.listen.description
        let killer = Thread {
            Thread.sleep(forTimeInterval: 2.5)
            // The second agent of this swarm: its plan names this server and index 1.
            for pid in Self.pids(whereCommandLine: { $0.contains("\0agent\0--plan\0") && $0.contains(target)
                && ($0.contains("\"index\":1,") || $0.contains("\"index\":1}")) }) {
                kill(pid, SIGKILL)
            }
        }
        killer.start()
        let r = try SwarmcastBinary.run(["swarm", "--server", server.listen.description, "--listeners", "400", "--agents", "2",
                                         "--ramp", "1s", "--duration", "5s", "--out", out.path, "--progress", "none"], timeout: 40)
        #expect(r.status == 1)
        #expect(r.stderr.contains("agent 1 lost"))
        let s = try RunWriter.readSummary(out.appendingPathComponent("summary.json"))
        #expect(s.complete == false)
        #expect(s.agents.lost == 1 && s.agents.lostIndices == [1])
        // Agent 0 finished its 200 listeners; agent 1's early seconds are kept.
        #expect(s.counters.welcomed >= 200)
        #expect(s.listeners.final >= 200)
    }

    @Test func aThresholdThatCannotHoldExitsNinetyNineWithJUnitFailure() throws {
        let dir = Self.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("impossible.yaml")
        try """
        name: impossible
        listeners:
          stages:
            - ramp: 50
              over: 1s
            - hold: 2s
        thresholds:
          delay.p99: "< 1us"
          listeners.peak: ">= 50"
        """.write(to: scenario, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("run")
        let r = try SwarmcastBinary.run(["run", scenario.path, "--out", out.path, "--progress", "none"])
        #expect(r.status == 99, "\(r.stderr)")
        let junit = try String(contentsOf: out.appendingPathComponent("junit.xml"), encoding: .utf8)
        #expect(junit.contains("failures=\"1\""))
        #expect(junit.contains("delay.p99 was"))
        for name in RunWriter.fileNames { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path)) }
    }

    @Test func anInterruptedRunStillWritesEveryFileMarkedIncomplete() throws {
        let dir = Self.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("long.yaml")
        try "name: long\nlisteners:\n  stages:\n    - ramp: 100\n      over: 1s\n    - hold: 60s\n".write(to: scenario, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("run")
        // Children inherit the environment: the marker finds any process this run left behind.
        let marker = "SWARMCAST_TEST_MARKER=\(UUID().uuidString)"
        var environment = ProcessInfo.processInfo.environment
        environment["SWARMCAST_TEST_MARKER"] = String(marker.split(separator: "=")[1])
        let process = try Subprocess(["run", scenario.path, "--out", out.path, "--progress", "none"], environment: environment,
                                     captureStdout: false, captureStderr: false)
        Thread.sleep(forTimeInterval: 3)
        #expect(process.stop(signal: SIGINT) == 1)
        let s = try RunWriter.readSummary(out.appendingPathComponent("summary.json"))
        #expect(s.complete == false)
        #expect(s.incompleteReasons.contains("interrupted"))
        #expect(s.counters.welcomed == 100)
        for name in RunWriter.fileNames { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path)) }
        // Nothing it started is left behind.
        Thread.sleep(forTimeInterval: 0.5)
        #expect(Self.processesWithEnvironment(marker) == 0)
    }

    @Test func validateNamesFileLineAndFieldAndExitsTwo() throws {
        let dir = Self.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.yaml")
        try "name: x\nlisteners:\n  stages:\n    - ramp: lots\n      over: 1s\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = try SwarmcastBinary.run(["validate", bad.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.yaml:4:13: listeners.stages[0].ramp: must be a whole number (got 'lots')"))
        let ok = try SwarmcastBinary.run(["validate", SwarmcastBinary.packageRoot.appendingPathComponent("Configs/quickstart.yaml").path])
        #expect(ok.status == 0)
    }

    static func pids(whereCommandLine matches: (String) -> Bool) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid in
            guard let n = pid_t(pid), let cmd = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")) else { return nil }
            return matches(String(decoding: cmd, as: UTF8.self)) ? n : nil
        }
    }

    /// Processes whose environment holds `entry` (children inherit their parent's).
    static func processesWithEnvironment(_ entry: String) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var count = 0
        for pid in entries where Int(pid) != nil {
            guard let env = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ")) else { continue }
            if String(decoding: env, as: UTF8.self).split(separator: "\0").contains(where: { $0 == entry }) { count += 1 }
        }
        return count
    }
}
