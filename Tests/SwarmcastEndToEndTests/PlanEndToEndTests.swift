import Foundation
import SwarmcastTestSupport
import Testing

/// `swarmcast plan` through the real binary: a tiny calibration run on loopback sizes a scenario
/// that validates, and its run directory plans the 8-million scenario.
@Suite(.serialized)
struct PlanEndToEndTests {
    @Test func calibrationAtTinyScaleWritesAScenarioThatValidatesAndPlans() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swarmcast-plan-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let sized = dir.appendingPathComponent("tiny-here.yaml").path
        let calibration = dir.appendingPathComponent("calibrate").path
        let r = try SwarmcastBinary.run(["plan", "--calibrate", "--listeners", "300", "--duration", "8s", "--calibration-out", calibration,
                                         "--write", sized, "--out", dir.appendingPathComponent("calibration.json").path], timeout: 180)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("binds first"))
        #expect(FileManager.default.fileExists(atPath: calibration + "/scenario.yaml"))
        let text = try String(contentsOfFile: sized, encoding: .utf8)
        #expect(text.contains("# Calibration run: \(calibration)"))
        #expect(text.contains("Headroom 70%"))
        let v = try SwarmcastBinary.run(["validate", sized])
        #expect(v.status == 0, "\(v.stderr)")

        let eight = SwarmcastBinary.packageRoot.appendingPathComponent("Configs/spaces-2024-8m.yaml").path
        let planJSON = dir.appendingPathComponent("plan.json").path
        let p = try SwarmcastBinary.run(["plan", "--scenario", eight, "--costs", calibration, "--host-cores", "16", "--host-memory", "64GiB",
                                         "--out", planJSON])
        #expect(p.status == 0, "\(p.stderr)")
        #expect(p.stdout.contains("swarmcast plan: 8,000,000 listeners, one packet every 3 s"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: planJSON))) as? [String: Any]
        #expect(json?["listeners"] as? Int == 8_000_000)
    }

    @Test func badFlagsExitTwoNamingFlagAndValue() throws {
        let headroom = try SwarmcastBinary.run(["plan", "--costs", "/nonexistent", "--listeners", "1000", "--headroom", "170%"])
        #expect(headroom.status == 2)
        #expect(headroom.stderr.contains("--headroom") && headroom.stderr.contains("170%"))
        let missing = try SwarmcastBinary.run(["plan", "--costs", "/nonexistent/run", "--listeners", "1000"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--costs /nonexistent/run"))
        let memory = try SwarmcastBinary.run(["plan", "--costs", "/x", "--listeners", "1000", "--host-memory", "lots"])
        #expect(memory.status == 2 && memory.stderr.contains("--host-memory") && memory.stderr.contains("lots"))
    }
}
