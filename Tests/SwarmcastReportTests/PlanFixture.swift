import Foundation
import SwarmcastMeasure
import SwarmcastReport

/// A run directory built in code with known costs, so every plan figure can be checked against
/// arithmetic on these inputs (the shape of the README's 200,000-listener run).
struct PlanFixture {
    static let peak = 200_000
    static let duration = 260.0
    static let agents = 12
    static let serverCPUPerMillion = 12.5
    static let swarmCPUPerMillion = 13.6
    static let serverBytes = 536.0
    static let swarmBytes = 786.0
    static let kernelTCP: UInt64 = 1_000_000_000
    static let packets = 10_000_000.0
    static let bytesPerPacket = 15_900.0

    var summary: RunSummary

    init() {
        var s = RunSummary(scenario: "million", server: "127.0.0.1:7400", startedAt: "2026-11-26T10:00:00Z", endedAt: "2026-11-26T10:04:20Z",
                           durationSeconds: Self.duration, complete: true,
                           listeners: ListenerFigures(target: Self.peak, peak: Self.peak, final: Self.peak),
                           counters: SwarmCounters(), agents: AgentFigures(started: Self.agents, lost: 0))
        s.machine.hostname = "fixture"
        s.machine.cores = 2
        s.machine.memoryBytes = 24 << 30
        s.machine.openFilesLimit = 20_000
        var c = CostFigures()
        c.serverCPUSecondsPerMillionDeliveries = Self.serverCPUPerMillion
        c.swarmCPUSecondsPerMillionDeliveries = Self.swarmCPUPerMillion
        c.serverBytesPerListener = Self.serverBytes
        c.swarmBytesPerListener = Self.swarmBytes
        c.kernelTCPBytes = Self.kernelTCP
        c.swarmCPUSeconds = Self.packets * Self.swarmCPUPerMillion / 1e6
        c.serverCPUSeconds = Self.packets * Self.serverCPUPerMillion / 1e6
        c.deliveriesPerSecond = Self.packets / Self.duration
        s.costs = c
        s.serverMetrics = ["swarmcast_packets_out_total": Self.packets, "swarmcast_bytes_out_total": Self.packets * Self.bytesPerPacket,
                           "swarmcast_frames_out_total": Self.packets * 150]
        summary = s
    }

    /// Writes summary.json (plus `extraJSON` keys merged in, for fields newer runners write) and,
    /// unless nil, a scenario.yaml with that many frames per packet.
    func write(framesPerPacket: Int? = 150, extraJSON: [String: Any] = [:]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swarmcast-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var json = try JSONSerialization.jsonObject(with: Data(RunWriter.summaryJSON(summary).utf8)) as! [String: Any]
        json.merge(extraJSON) { $1 }
        try JSONSerialization.data(withJSONObject: json).write(to: dir.appendingPathComponent("summary.json"))
        if let framesPerPacket {
            try """
            name: fixture
            audio:
              frames_per_packet: \(framesPerPacket)
            listeners:
              stages:
                - ramp: 200000
                  over: 200s
            """.write(to: dir.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        }
        return dir
    }
}
