import Foundation
import SwarmcastScenario

/// The per-listener and per-delivery costs of one measured run, read from its run directory and
/// checked to be worth planning with (complete, swarm not saturated).
///
/// Everything here is a measurement; the only choices are how kernel memory is split between the
/// two sides (see `kernelSplit`) and where the packet interval comes from (see `read`).
public struct MeasuredCosts: Codable, Equatable, Sendable {
    /// The run directory the costs come from.
    public var run: String
    public var scenario: String
    /// The machine the run measured (cores and memory are the default host shape of a plan).
    public var hostname: String
    public var cores: Int
    public var memoryBytes: UInt64
    public var openFilesLimit: UInt64
    public var peakListeners: Int
    public var durationSeconds: Double
    public var agents: Int
    /// The packet interval the costs were measured at, and who said so.
    public var packetIntervalSeconds: Double
    public var packetIntervalSource: String
    /// Bytes and audio frames per delivery, from the server's counters (nil when the run did not start the server).
    public var bytesPerDelivery: Double?
    public var framesPerDelivery: Double?
    /// Deliveries the run made (the server's `packets_out_total`), which the CPU costs are divided by.
    public var deliveriesMeasured: Double?
    public var serverCPUSecondsPerMillionDeliveries: Double
    public var swarmCPUSecondsPerMillionDeliveries: Double
    public var serverBytesPerListener: Double
    public var swarmBytesPerListener: Double
    /// Peak kernel TCP memory of the whole host during the run (`/proc/net/sockstat`), bytes.
    public var kernelTCPBytes: Double?
    /// True when server and swarm ran on one host over loopback, holding both ends' sockets in one kernel.
    public var loopback: Bool
    /// Kernel TCP bytes per connection charged to each side (nil: not measured for that side).
    public var serverKernelBytesPerConnection: Double?
    public var swarmKernelBytesPerConnection: Double?
    /// How the kernel figure was split, in words, for the output.
    public var kernelSplit: String

    /// Reads and checks a run directory.
    ///
    /// The packet interval is not in summary.json (schema 1). It comes from, in order:
    /// `measuredPacketInterval` (the `--measured-packet-interval` flag), then a `scenario.yaml`
    /// in the run directory (`plan --calibrate` writes one; copy your scenario there for runs of
    /// your own), else the plan refuses rather than guess.
    public static func read(runDirectory: URL, measuredPacketInterval: Double? = nil) throws(PlanError) -> MeasuredCosts {
        let path = runDirectory.relativePath  // as the user wrote it, for messages and output
        let summaryURL = runDirectory.appendingPathComponent("summary.json")
        guard let data = FileManager.default.contents(atPath: summaryURL.path) else {
            throw .missingFigure(path: path, figure: "summary.json (the file is missing)")
        }
        let summary: RunSummary
        do { summary = try RunWriter.readSummary(summaryURL) } catch {
            throw .missingFigure(path: path, figure: "readable summary (\(error))")
        }
        guard summary.complete else { throw .incompleteRun(path: path, reasons: summary.incompleteReasons) }
        if let why = SwarmSaturation.reason(summary, generatorSaturatedSeconds: SwarmSaturation.generatorSaturatedSeconds(summaryJSON: data)) {
            throw .saturatedSwarm(path: path, why: why)
        }
        let interval: (seconds: Double, source: String)
        if let measuredPacketInterval {
            interval = (measuredPacketInterval, "--measured-packet-interval")
        } else if let scenario = try? ScenarioLoader.load(path: runDirectory.appendingPathComponent("scenario.yaml").path) {
            interval = (scenario.audio.packetInterval.seconds, "scenario.yaml in the run directory")
        } else {
            throw .unknownPacketInterval(path: path)
        }
        return try from(summary, path: path, packetIntervalSeconds: interval.seconds, source: interval.source)
    }

    /// The costs of a summary already read and checked.
    static func from(_ s: RunSummary, path: String, packetIntervalSeconds: Double, source: String) throws(PlanError) -> MeasuredCosts {
        func need(_ value: Double?, _ name: String) throws(PlanError) -> Double {
            guard let value, value.isFinite, value > 0 else { throw .missingFigure(path: path, figure: name) }
            return value
        }
        let costs = s.costs ?? CostFigures()
        let peak = s.listeners.peak
        guard peak > 0 else { throw .missingFigure(path: path, figure: "listeners.peak above 0") }
        let loopback = s.server.split(separator: ",").allSatisfy { $0.hasPrefix("127.") || $0.hasPrefix("localhost") || $0.hasPrefix("[::1]") }
        let kernel = costs.kernelTCPBytes.map { Double($0) }  // not map(Double.init): that picks init(bitPattern:)
        let packets = s.serverMetrics?["swarmcast_packets_out_total"] ?? 0
        var m = MeasuredCosts(
            run: path, scenario: s.scenario, hostname: s.machine.hostname, cores: s.machine.cores, memoryBytes: s.machine.memoryBytes,
            openFilesLimit: s.machine.openFilesLimit, peakListeners: peak, durationSeconds: s.durationSeconds, agents: s.agents.started,
            packetIntervalSeconds: packetIntervalSeconds, packetIntervalSource: source,
            bytesPerDelivery: packets > 0 ? s.serverMetrics?["swarmcast_bytes_out_total"].map { $0 / packets } : nil,
            framesPerDelivery: packets > 0 ? s.serverMetrics?["swarmcast_frames_out_total"].map { $0 / packets } : nil,
            deliveriesMeasured: packets > 0 ? packets : nil,
            serverCPUSecondsPerMillionDeliveries: try need(costs.serverCPUSecondsPerMillionDeliveries, "costs.server_cpu_seconds_per_million_deliveries"),
            swarmCPUSecondsPerMillionDeliveries: try need(costs.swarmCPUSecondsPerMillionDeliveries, "costs.swarm_cpu_seconds_per_million_deliveries"),
            serverBytesPerListener: try need(costs.serverBytesPerListener, "costs.server_bytes_per_listener"),
            swarmBytesPerListener: try need(costs.swarmBytesPerListener, "costs.swarm_bytes_per_listener"),
            kernelTCPBytes: kernel, loopback: loopback, kernelSplit: "")
        switch (kernel, loopback) {
        case (nil, _):
            m.kernelSplit = "kernel TCP memory not measured (no /proc/net/sockstat)"
        case (let k?, true):
            // One kernel held both ends of every connection; which end's buffers held the bytes
            // (unsent on the server, unread in the swarm) is not visible, so each side gets half.
            m.serverKernelBytesPerConnection = k / Double(2 * peak)
            m.swarmKernelBytesPerConnection = k / Double(2 * peak)
            m.kernelSplit = "loopback: one kernel held both ends, split evenly (peak kernel TCP bytes / (2 × peak listeners) per side)"
        case (let k?, false):
            m.swarmKernelBytesPerConnection = k / Double(peak)
            m.kernelSplit = "remote server: the figure is the swarm host's; the server's kernel memory was not measured"
        }
        return m
    }
}
