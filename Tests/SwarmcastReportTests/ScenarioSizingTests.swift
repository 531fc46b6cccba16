import Foundation
import SwarmcastReport
import SwarmcastScenario
import Testing

/// This host's capacity from measured costs, and the scenarios sized from it.
struct ScenarioSizingTests {
    static let configs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Configs")
    static let limits = HostLimits(hostname: "fixture", cores: 2, memoryBytes: 24 * 1_073_741_824, openFilesPerProcess: 20_000,
                                   fileMax: 1_000_000, tcpMemMaxBytes: 2 * 1_073_741_824, conntrackMax: nil, ephemeralPorts: 28_232)

    @Test func capacityIsTheLowestResourceAndTheSizeItsHeadroom() throws {
        let c = try PlanTests.costs()
        let cap = HostCapacity(costs: c, limits: Self.limits, packetIntervalSeconds: 3, headroom: 0.7)
        let cpu = 2 / ((PlanFixture.serverCPUPerMillion + PlanFixture.swarmCPUPerMillion) / 1e6 / 3)
        let kernelPair = Double(PlanFixture.kernelTCP) / Double(PlanFixture.peak)
        let byName = Dictionary(uniqueKeysWithValues: cap.resources.map { ($0.resource, $0.listeners) })
        #expect(byName["cpu"] == Int(cpu.rounded(.down)))
        #expect(byName["memory"] == Int((24 * 1_073_741_824 / (PlanFixture.serverBytes + PlanFixture.swarmBytes + kernelPair)).rounded(.down)))
        #expect(byName["kernel-tcp-memory"] == Int((2 * 1_073_741_824 / kernelPair).rounded(.down)))
        #expect(byName["files"] == 500_000)
        #expect(byName["conntrack"] == nil)
        #expect(cap.binding.resource == "cpu")
        #expect(cap.sizedListeners == HostCapacity.roundDown(Double(Int(cpu.rounded(.down))) * 0.7))
        #expect(cap.notes.contains { $0.contains("not a limit") })
    }

    @Test func roundsDownToThreeFigures() {
        #expect(HostCapacity.roundDown(160_919.5) == 160_000)
        #expect(HostCapacity.roundDown(163_456) == 163_000)
        #expect(HostCapacity.roundDown(999.9) == 999)
        #expect(HostCapacity.roundDown(8_049_999) == 8_040_000)
    }

    @Test func calibrationRunFitsEdgesAndAgentsToTheCount() {
        let small = ScenarioSizing.calibration(listeners: 300, durationSeconds: 8, packetInterval: .seconds(3))
        #expect(small.server.workers == 0 && small.listeners.settings.agents == 1)
        #expect(small.audio.framesPerPacket == 150 && small.durationSeconds == 8)
        let big = ScenarioSizing.calibration(listeners: 20_000, durationSeconds: 40, packetInterval: .seconds(3))
        #expect(big.server.workers == 2 && big.listeners.settings.agents == 2)
        #expect(big.listeners.schedule.peakTarget == 20_000 && big.durationSeconds == 40)
    }

    @Test func theEightMillionScenarioValidatesAndGivesPlanItsPeakAndInterval() throws {
        let s = try ScenarioLoader.load(path: Self.configs.appendingPathComponent("spaces-2024-8m.yaml").path)
        #expect(s.listeners.schedule.peakTarget == 8_000_000)
        #expect(s.audio.packetInterval == .seconds(3))
        #expect(!s.server.start)
        let small = try ScenarioLoader.load(path: Self.configs.appendingPathComponent("spaces-2024-200k.yaml").path)
        #expect(small.listeners.schedule.peakTarget == 200_000 && small.durationSeconds == s.durationSeconds)
    }

    @Test func resizingKeepsTheShapeAndScalesCounts() throws {
        let template = try ScenarioLoader.load(path: Self.configs.appendingPathComponent("spaces-2024-200k.yaml").path)
        let sized = ScenarioSizing.resized(template, name: "spaces-2024-here", peak: 100_000)
        #expect(sized.listeners.schedule.peakTarget == 100_000)
        #expect(sized.durationSeconds == template.durationSeconds)
        #expect(sized.listeners.schedule.stages.map(\.count) == [nil, 37_500, nil, nil])
        #expect(sized.thresholds.first { $0.metric == "listeners.peak" }?.condition == ">= 100000")
        #expect(sized.server.workers == 6 && sized.listeners.settings.agents == 6)
        let text = ScenarioWriter.yaml(sized, header: ["sized"])
        #expect(try ScenarioLoader.parse(text, file: "sized.yaml") == sized)
    }

    @Test func aGeneratedScenarioRoundTripsThroughTheLoader() throws {
        let s = ScenarioSizing.rampAndHold(name: "here", listeners: 160_000, packetInterval: .seconds(3), holdSeconds: 60)
        #expect(s.durationSeconds == 220 && s.server.workers == 10)
        #expect(try ScenarioLoader.parse(ScenarioWriter.yaml(s), file: "here.yaml") == s)
    }
}
