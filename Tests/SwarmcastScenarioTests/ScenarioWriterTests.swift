import Foundation
import SwarmcastScenario
import Testing

/// The writer is the loader's inverse: every shipped scenario written back loads as itself.
struct ScenarioWriterTests {
    static let configs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Configs")

    @Test func everyShippedScenarioRoundTrips() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.configs.path).filter { $0.hasSuffix(".yaml") }.sorted()
        for file in files {
            let scenario = try ScenarioLoader.load(path: Self.configs.appendingPathComponent(file).path)
            let text = ScenarioWriter.yaml(scenario, header: ["written back"])
            let again = try ScenarioLoader.parse(text, file: file)
            #expect(again == scenario, "\(file):\n\(text)")
        }
    }

    @Test func headerLinesBecomeComments() {
        let s = Scenario(name: "x", listeners: ListenerSpec(schedule: .rampAndHold(listeners: 10, ramp: 1, duration: 2)))
        let text = ScenarioWriter.yaml(s, header: ["one", "", "two: three"])
        #expect(text.hasPrefix("# one\n#\n# two: three\nname: x\n"))
    }
}
