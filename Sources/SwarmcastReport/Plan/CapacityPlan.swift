import Foundation

/// `swarmcast plan`'s answer: what serving, and what checking, a listener count at a packet
/// interval takes, worked out from one measured run's costs. Pure arithmetic, so the same costs
/// always give the same plan and the tests can check every figure.
///
/// The one scaling rule: CPU is paid per write (delivery), so a run measured at one packet
/// interval plans another through deliveries/s = listeners / packet interval. Memory is paid per
/// listener and does not scale with the interval.
public struct CapacityPlan: Codable, Equatable, Sendable {
    /// Bumped when a field changes meaning or disappears.
    public static let currentSchema = "swarmcast.plan/1"

    public var schema = CapacityPlan.currentSchema
    public var listeners: Int
    public var packetIntervalSeconds: Double
    public var host: HostShape
    public var measured: MeasuredCosts
    /// The broadcast server: edges (`processes`) fed by one origin.
    public var server: SidePlan
    /// The swarm that measures it: agents (`processes`) in one shard per host.
    public var swarm: SidePlan
    /// Edge processes, each up to the connections a process may hold.
    public var edges: Int
    /// Swarm shards (`swarmcast run FILE --shard I/K`): one per swarm host.
    public var shards: Int
    /// How the edges are fed, in words.
    public var edgeTree: String
    /// Source addresses each swarm host needs so its connections to one server address do not
    /// run out of ephemeral ports (nil when the port range is not known).
    public var swarmSourceAddressesPerHost: Int?
    /// What the figures rest on, said plainly.
    public var assumptions: [String]
    /// Decoded listeners, whose decoding adds swarm cores (nil: none decode).
    public var decode: DecodeLoad? = nil

    public init(listeners: Int, packetIntervalSeconds: Double, host: HostShape, costs: MeasuredCosts, decode: DecodeLoad? = nil) {
        self.listeners = listeners
        self.packetIntervalSeconds = packetIntervalSeconds
        self.host = host
        measured = costs
        server = .make(listeners: listeners, packetIntervalSeconds: packetIntervalSeconds, cpuPerMillion: costs.serverCPUSecondsPerMillionDeliveries,
                       bytesPerListener: costs.serverBytesPerListener, kernelBytesPerConnection: costs.serverKernelBytesPerConnection, host: host)
        swarm = .make(listeners: listeners, packetIntervalSeconds: packetIntervalSeconds, cpuPerMillion: costs.swarmCPUSecondsPerMillionDeliveries,
                      bytesPerListener: costs.swarmBytesPerListener, kernelBytesPerConnection: costs.swarmKernelBytesPerConnection, host: host,
                      extraCores: decode?.cores ?? 0)
        self.decode = decode
        edges = server.processes
        shards = swarm.hosts
        edgeTree = server.hosts > 1
            ? "origin → one relay edge per server host (\(server.hosts)) → \(server.processesPerHost) edges per host, fed over that host's loopback (serve --edge-of)"
            : "origin → \(edges) edges on one host (serve --workers \(edges))"
        let connectionsPerSwarmHost = (listeners + swarm.hosts - 1) / swarm.hosts
        swarmSourceAddressesPerHost = host.ephemeralPorts.map { ($0 > 0 ? (connectionsPerSwarmHost + $0 - 1) / $0 : 0) }
        assumptions = Self.assumptions(costs, packetIntervalSeconds: packetIntervalSeconds, host: host)
        if let decode, decode.listeners > 0 {
            assumptions.append("\(PlanFormat.count(Double(decode.listeners))) decoded listeners cost \(PlanFormat.count(decode.cpuMicrosPerListenerMinute)) µs of swarm CPU "
                + "per decoded listener-minute each (\(decode.costSource)), on top of the per-delivery cost: \(String(format: "%.2f", decode.cores)) cores.")
        }
    }

    static func assumptions(_ c: MeasuredCosts, packetIntervalSeconds: Double, host: HostShape) -> [String] {
        var out = [
            "CPU is paid per delivery (one write of one packet to one listener), so deliveries/s = listeners / packet interval; "
                + "the costs were measured at one delivery every \(PlanFormat.seconds(c.packetIntervalSeconds)) (\(c.packetIntervalSource)).",
        ]
        let size = c.bytesPerDelivery.map { "\(PlanFormat.count($0)) bytes" + (c.framesPerDelivery.map { " (\(PlanFormat.count($0)) frames)" } ?? "") } ?? "an unrecorded size"
        if abs(packetIntervalSeconds - c.packetIntervalSeconds) > 1e-9 {
            out.append("Cost per delivery was measured at packets of \(size); larger packets cost somewhat more per write (more bytes copied), "
                + "smaller ones somewhat less. No correction is applied: measure at the planned interval to remove this.")
        } else {
            out.append("Cost per delivery was measured at packets of \(size), the planned packet interval.")
        }
        out.append("The CPU costs include what does not grow with deliveries (process start-up, timers, per-second snapshots), spread over the "
            + "run's \(c.deliveriesMeasured.map { PlanFormat.count($0) } ?? "unrecorded number of") deliveries: a small or short run overstates "
            + "the cost per delivery; measure at a count where deliveries dominate (plan --calibrate defaults to 20,000 listeners).")
        out.append("Memory is paid per listener: measured resident growth at the peak of \(PlanFormat.count(Double(c.peakListeners))) listeners, divided by them.")
        out.append("Kernel memory: \(c.kernelSplit); it is TCP buffer memory as the kernel accounts it (tcp_mem), not the socket structures.")
        out.append("A core of the planned hosts does the work of a core of the measuring host (\(c.hostname.isEmpty ? "unnamed" : c.hostname), \(c.cores) cores).")
        out.append("Processes hold \(PlanFormat.count(Double(host.connectionsPerProcess))) connections each: \(PlanFormat.count(Double(host.openFiles))) open files "
            + "less \(PlanFormat.count(Double(HostShape.reservedFiles))) kept for other descriptors.")
        out.append("Hosts are planned \(PlanFormat.percent(host.headroom)) full (cores and memory).")
        return out
    }
}
