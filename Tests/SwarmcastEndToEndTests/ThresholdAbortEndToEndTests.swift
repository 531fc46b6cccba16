import Foundation
import SwarmcastReport
import SwarmcastTestSupport
import Testing

/// `abort_on_fail`: a windowed threshold that cannot hold stops a 60 s run within seconds,
/// every file is written, the run says why, and the exit code is 99.
@Suite(.serialized)
struct ThresholdAbortEndToEndTests {
    @Test func anImpossibleWindowedThresholdAbortsEarlyWithEveryFileWritten() throws {
        let dir = SwarmEndToEndTests.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("abort.yaml")
        try """
        name: abort
        listeners:
          stages:
            - ramp: 100
              over: 1s
            - hold: 60s
        thresholds:
          delay.p99: {condition: "< 1us", window: 2s, ignore_first: 1s, abort_on_fail: true, delay_abort_eval: 3s}
          listeners.peak: ">= 1"
        """.write(to: scenario, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("run")
        let started = Date()
        let r = try SwarmcastBinary.run(["run", scenario.path, "--out", out.path, "--progress", "none"], timeout: 90)
        let took = Date().timeIntervalSince(started)
        #expect(r.status == 99, "\(r.stdout)\n\(r.stderr)")
        #expect(took < 30, "took \(took) s")
        let s = try RunWriter.readSummary(out.appendingPathComponent("summary.json"))
        #expect(s.aborted == "threshold delay.p99 < 1us")
        #expect(!s.complete && s.incompleteReasons.contains("aborted: threshold delay.p99 < 1us"), "\(s.incompleteReasons)")
        #expect(!s.incompleteReasons.contains("interrupted"))
        #expect(s.durationSeconds < 20)
        let delay = try #require(s.thresholds.first { $0.metric == "delay.p99" })
        #expect(!delay.passed && delay.windowSeconds == 2 && (delay.worstWindowStartSecond ?? 0) >= 2)
        for name in RunWriter.fileNames { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)") }
        #expect(r.stdout.contains("ABORTED"))
    }
}
