import Foundation
import SwarmcastTestSupport
import Testing

/// A run directory says what ran: `scenario.yaml` (the scenario as loaded, every setting at its
/// effective value) and the build in summary.json, so `plan --costs`, `compare`, `baseline save`
/// and a rerun read it with no extra flag.
@Suite(.serialized)
struct RunDirectoryEndToEndTests {
    static let scenario = """
    name: rundir-e2e
    server:
      start: true
      rooms: 1
      speaker_secret: "a-secret-not-to-record"
    audio:
      frames_per_packet: 10
    speakers:
      demo: 1
    listeners:
      stages:
        - ramp: 200
          over: 2s
        - hold: 2s
    thresholds:
      failures.count: "== 0"
    """

    @Test func planCompareBaselineAndARerunReadWhatTheRunRecorded() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swarmcast-rundir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("s.yaml").path
        try Self.scenario.write(toFile: file, atomically: true, encoding: .utf8)
        let first = dir.appendingPathComponent("first").path
        let r = try SwarmcastBinary.run(["run", file, "--out", first, "--progress", "none"], timeout: 120)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")

        let recorded = try String(contentsOfFile: first + "/scenario.yaml", encoding: .utf8)
        #expect(recorded.contains("frames_per_packet: 10"))
        #expect(recorded.contains("backlog_frames: "), "every setting is written, defaults too")
        #expect(!recorded.contains("a-secret-not-to-record"), "the speaker secret is not written into the run directory")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: first + "/summary.json"))) as? [String: Any]
        let tool = summary?["tool"] as? [String: Any]
        let commit = tool?["commit"] as? String ?? ""
        #expect(commit == "unknown" || (commit.count == 40 && commit.allSatisfy(\.isHexDigit)), "tool.commit: \(commit)")

        // plan reads the packet interval (10 × 20 ms) from the run directory: no flag needed.
        let p = try SwarmcastBinary.run(["plan", "--listeners", "8000000", "--packet-interval", "3s", "--costs", first])
        #expect(p.status == 0, "\(p.stderr)")
        #expect(p.stdout.contains("one delivery every 0.2 s (scenario.yaml in the run directory)"), "\(p.stdout)")

        // A rerun of DIR/scenario.yaml runs the same scenario (it records the same settings).
        let second = dir.appendingPathComponent("second").path
        let again = try SwarmcastBinary.run(["run", first + "/scenario.yaml", "--out", second, "--progress", "none"], timeout: 120)
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        let settings = { (path: String) in try String(contentsOfFile: path + "/scenario.yaml", encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") } }
        #expect(try settings(first) == settings(second))

        // compare finds the same settings; against a run at other packets it names the difference.
        let same = try SwarmcastBinary.run(["compare", first, second, "--max-regression", "1000%"])
        #expect(!same.stdout.contains("settings differ"), "\(same.stdout)")
        let other = dir.appendingPathComponent("other.yaml").path
        try Self.scenario.replacingOccurrences(of: "frames_per_packet: 10", with: "frames_per_packet: 5").write(toFile: other, atomically: true, encoding: .utf8)
        let third = dir.appendingPathComponent("third").path
        #expect(try SwarmcastBinary.run(["run", other, "--out", third, "--progress", "none"], timeout: 120).status == 0)
        let differ = try SwarmcastBinary.run(["compare", first, third, "--max-regression", "1000%"])
        #expect(differ.stdout.contains("settings differ"), "\(differ.stdout)")
        #expect(differ.stdout.contains("audio.frames_per_packet: 10 → 5"), "\(differ.stdout)")

        // baseline save keeps scenario.yaml and says what the baseline ran.
        let baselines = dir.appendingPathComponent("baselines").path
        let saved = try SwarmcastBinary.run(["baseline", "save", "main", first, "--baselines", baselines])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(saved.stdout.contains("ran rundir-e2e: 200 listeners, packets every 200ms"), "\(saved.stdout)")
        #expect(FileManager.default.fileExists(atPath: baselines + "/main/scenario.yaml"))
    }
}
