import Foundation
import SwarmcastReport
import SwarmcastTestSupport
import Testing

/// The shard contract end to end on loopback: identity from flags and environment, one common
/// start, the clock offset taken out of the delay, and merge's refusal of incomplete sets.
@Suite(.serialized)
struct ShardEndToEndTests {
    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("swarmcast-shard-\(UUID().uuidString)")
    }

    static func rfc3339(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    static func summary(_ dir: URL) throws -> RunSummary { try RunWriter.readSummary(dir.appendingPathComponent("summary.json")) }

    @Test func aShardReadyAfterItsStartTimeExitsOneWithLateStart() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let past = Self.rfc3339(Date().addingTimeInterval(-10))
        let r = try SwarmcastBinary.run(["swarm", "--server", "127.0.0.1:9", "--listeners", "10", "--ramp", "1s", "--duration", "3s",
                                         "--shard", "0/2", "--start-at", past, "--out", out.path, "--progress", "none"], timeout: 60)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("late-start"))
        let s = try Self.summary(out)
        #expect(s.complete == false)
        #expect(s.incompleteReasons.first?.hasPrefix("late-start: shard 0/2 was ready at ") == true, "\(s.incompleteReasons)")
        #expect(s.shard?.index == 0 && s.shard?.count == 2)
    }

    @Test func aFlagThatDisagreesWithTheEnvironmentExitsTwoNamingBoth() throws {
        var env = ProcessInfo.processInfo.environment
        env["JOB_COMPLETION_INDEX"] = "0"
        env["SWARMCAST_SHARDS"] = "3"
        let swarm = ["swarm", "--server", "127.0.0.1:9", "--listeners", "10", "--ramp", "1s", "--duration", "1s", "--progress", "none"]
        let disagree = try SwarmcastBinary.run(swarm + ["--shard", "1/3"], timeout: 30, environment: env)
        #expect(disagree.status == 2)
        #expect(disagree.stderr.contains("--shard 1/3") && disagree.stderr.contains("JOB_COMPLETION_INDEX=0"), "\(disagree.stderr)")
        let beyond = try SwarmcastBinary.run(swarm + ["--shard", "3/3"], timeout: 30)
        #expect(beyond.status == 2)
        #expect(beyond.stderr.contains("index 3") && beyond.stderr.contains("count 3"), "\(beyond.stderr)")
        let none = try SwarmcastBinary.run(swarm + ["--shard", "0/0"], timeout: 30)
        #expect(none.status == 2 && none.stderr.contains("count 0"), "\(none.stderr)")

        // `run` as shard 1/2 from the environment, of a scenario that starts its own server.
        let dir = Self.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("own-server.yaml")
        try "name: own-server\nlisteners:\n  stages:\n    - ramp: 10\n      over: 1s\n".write(to: scenario, atomically: true, encoding: .utf8)
        env["JOB_COMPLETION_INDEX"] = "1"
        env["SWARMCAST_SHARDS"] = "2"
        let own = try SwarmcastBinary.run(["run", scenario.path, "--progress", "none", "--out", dir.appendingPathComponent("r").path], timeout: 30, environment: env)
        #expect(own.status == 2)
        #expect(own.stderr.contains("--shard 1/2") && own.stderr.contains("server.start: false") && own.stderr.contains("--server HOST:PORT"), "\(own.stderr)")
    }

    /// Two swarms at once against one server, one whose clock reads 250 ms ahead: after the
    /// PING/PONG correction their delay medians agree to 5 ms.
    @Test func aSkewedClockIsCorrectedByThePingOffset() throws {
        let server = try ServerProcess()
        let plainOut = Self.temporaryDirectory(), skewedOut = Self.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: plainOut)
            try? FileManager.default.removeItem(at: skewedOut)
        }
        func swarm(_ out: URL) -> [String] {
            ["swarm", "--server", server.listen.description, "--listeners", "300", "--ramp", "1s", "--duration", "5s",
             "--out", out.path, "--progress", "none"]
        }
        let plain = try Subprocess(swarm(plainOut))
        let skewed = try Subprocess(swarm(skewedOut) + ["--clock-skew", "250ms"])
        #expect(plain.wait(timeout: 60) == 0, "\(plain.stderr)")
        #expect(skewed.wait(timeout: 60) == 0, "\(skewed.stderr)")
        let a = try Self.summary(plainOut), b = try Self.summary(skewedOut)
        let p50a = try #require(a.delay?.p50), p50b = try #require(b.delay?.p50)
        #expect(abs(p50a - p50b) < 5, "delay p50 \(p50a) ms unskewed, \(p50b) ms with 250 ms of skew")
        let clock = try #require(b.clock)
        #expect(clock.source == "ping")
        let offset = try #require(clock.offsetMs), bound = try #require(clock.boundMs)
        #expect(abs(offset + 250) < 5, "offset \(offset) ms")
        #expect(bound < 5)
        #expect(a.clock?.source == "ping" && abs(a.clock?.offsetMs ?? 99) < 5)
    }

    @Test func twoShardsStartTogetherAndMergeOnlyWhenComplete() throws {
        let server = try ServerProcess()
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let start = Self.rfc3339(Date().addingTimeInterval(3))
        let outs = (0..<2).map { dir.appendingPathComponent("shard-\($0)") }
        let shards = try (0..<2).map { i in
            try Subprocess(["swarm", "--server", server.listen.description, "--listeners", "400", "--ramp", "1s", "--duration", "4s",
                            "--shard", "\(i)/2", "--start-at", start, "--out", outs[i].path, "--progress", "none"])
        }
        for shard in shards { #expect(shard.wait(timeout: 60) == 0, "\(shard.stderr)") }
        let s = try outs.map(Self.summary)
        #expect(s[0].shard?.planHash == s[1].shard?.planHash && s[0].shard?.planHash.hasPrefix("fnv1a64:") == true)
        #expect(s[0].shard?.startAt == s[1].shard?.startAt)
        #expect(s[0].counters.welcomed == 200 && s[1].counters.welcomed == 200)

        let merged = dir.appendingPathComponent("merged")
        let ok = try SwarmcastBinary.run(["merge", outs[0].path, outs[1].path, "--out", merged.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        let m = try Self.summary(merged)
        #expect(m.complete && m.counters.welcomed == 400 && m.shards?.map(\.index) == [0, 1])
        // Each shard names its host (the kernel's host name) and the address it reached the
        // server from: loopback here, each node's own in deploy/slurm/run-cluster.sh.
        #expect(m.shards?.map(\.address) == ["127.0.0.1", "127.0.0.1"], "\(String(describing: m.shards))")
        #expect(m.shards?.allSatisfy { !$0.host.isEmpty } == true)
        #expect(m.clock?.boundMs != nil)
        for name in RunWriter.fileNames { #expect(FileManager.default.fileExists(atPath: merged.appendingPathComponent(name).path)) }

        let alone = dir.appendingPathComponent("alone")
        let missing = try SwarmcastBinary.run(["merge", outs[0].path, "--out", alone.path])
        #expect(missing.status == 1)
        #expect(try Self.summary(alone).incompleteReasons.contains("missing-shard:1 of 2"))
        let twice = dir.appendingPathComponent("twice")
        let duplicate = try SwarmcastBinary.run(["merge", outs[0].path, outs[0].path, outs[1].path, "--out", twice.path])
        #expect(duplicate.status == 1)
        #expect(try Self.summary(twice).incompleteReasons.contains { $0.hasPrefix("duplicate-shard:0") })
    }

    @Test func aShardOfRunDoesNotJudgeItsThresholds() throws {
        let server = try ServerProcess()
        let dir = Self.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("shared.yaml")
        try """
        name: shared
        listeners:
          stages:
            - ramp: 40
              over: 1s
            - hold: 1s
        thresholds:
          listeners.peak: ">= 40"
        """.write(to: scenario, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("r")
        let r = try SwarmcastBinary.run(["run", scenario.path, "--server", server.listen.description, "--shard", "1/2",
                                         "--progress", "none", "--out", out.path], timeout: 60)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("thresholds  not judged"))
        let s = try Self.summary(out)
        #expect(s.thresholds.isEmpty)
        #expect(s.thresholdsNote?.contains("judged on the merged result") == true)
        #expect(s.counters.welcomed == 20)
    }
}
