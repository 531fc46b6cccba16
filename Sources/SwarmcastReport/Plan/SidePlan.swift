/// What one side (the server, or the swarm that checks it) needs for a listener count.
public struct SidePlan: Codable, Equatable, Sendable {
    /// Packet writes to listeners per second: listeners / packet interval.
    public var deliveriesPerSecond: Double
    /// The measured cost this side pays per million deliveries.
    public var cpuSecondsPerMillionDeliveries: Double
    /// Cores busy with the deliveries: deliveries/s × CPU per delivery.
    public var cores: Double
    /// Resident memory of the processes: listeners × measured bytes per listener.
    public var userMemoryBytes: Double
    /// Kernel TCP buffer memory of this side's sockets (nil: not measured for this side).
    public var kernelMemoryBytes: Double?
    /// Processes at the open-files limit (edges for the server, agents for the swarm).
    public var processes: Int
    /// Hosts each resource alone would need at the plan's headroom.
    public var hostsByResource: [String: Int]
    /// Hosts needed: the most any resource needs.
    public var hosts: Int
    /// The resource that sets `hosts` (the first to run out as listeners grow).
    public var bindingResource: String
    /// Processes on each host when they are spread evenly.
    public var processesPerHost: Int

    /// Works out one side from measured per-listener and per-delivery costs.
    static func make(listeners: Int, packetIntervalSeconds: Double, cpuPerMillion: Double, bytesPerListener: Double,
                     kernelBytesPerConnection: Double?, host: HostShape, extraCores: Double = 0) -> SidePlan {
        let deliveries = Double(listeners) / packetIntervalSeconds
        // `extraCores`: work not paid per delivery (the swarm's decoded listeners).
        let cores = deliveries * cpuPerMillion / 1e6 + extraCores
        let user = Double(listeners) * bytesPerListener
        let kernel = kernelBytesPerConnection.map { Double(listeners) * $0 }
        let processes = (listeners + host.connectionsPerProcess - 1) / host.connectionsPerProcess
        // Hosts' worth of each resource needed; the larger share is the one that runs out first.
        let shares = ["cpu": cores / (host.cores * host.headroom), "memory": (user + (kernel ?? 0)) / (host.memoryBytes * host.headroom)]
        let byResource = shares.mapValues { max(1, Int(($0 - 1e-9).rounded(.up))) }
        let binding = shares["memory"]! > shares["cpu"]! ? "memory" : "cpu"
        let hosts = byResource[binding]!
        return SidePlan(deliveriesPerSecond: deliveries, cpuSecondsPerMillionDeliveries: cpuPerMillion, cores: cores,
                        userMemoryBytes: user, kernelMemoryBytes: kernel, processes: processes, hostsByResource: byResource,
                        hosts: hosts, bindingResource: binding, processesPerHost: (processes + hosts - 1) / hosts)
    }
}
