import Foundation

/// How many listeners this host holds with the server and the swarm both on it (as the
/// calibration run had them), by resource, and the count a scenario is sized to at a headroom.
public struct HostCapacity: Codable, Equatable, Sendable {
    /// One resource's ceiling in listeners, and the arithmetic behind it.
    public struct Resource: Codable, Equatable, Sendable {
        public var resource: String
        public var listeners: Int
        public var basis: String
    }

    public var limits: HostLimits
    public var packetIntervalSeconds: Double
    public var resources: [Resource]
    /// The resource with the lowest ceiling.
    public var binding: Resource
    public var headroom: Double
    /// The binding ceiling × headroom, rounded down to three significant figures.
    public var sizedListeners: Int
    /// Limits checked and found not to bind, in words.
    public var notes: [String]

    /// Source addresses each swarm agent connects from on loopback (SwarmOptions spreads 8 per agent).
    public static let sourceAddressesPerAgent = 8

    public init(costs c: MeasuredCosts, limits: HostLimits, packetIntervalSeconds p: Double, headroom: Double) {
        self.limits = limits
        packetIntervalSeconds = p
        self.headroom = headroom
        let f = PlanFormat.self
        let cpuPerListener = (c.serverCPUSecondsPerMillionDeliveries + c.swarmCPUSecondsPerMillionDeliveries) / 1e6 / p
        let kernelPerPair = (c.serverKernelBytesPerConnection ?? 0) + (c.swarmKernelBytesPerConnection ?? 0)
        let memoryPerListener = c.serverBytesPerListener + c.swarmBytesPerListener + kernelPerPair
        func listeners(_ x: Double) -> Int { Int(min(x, 1e15).rounded(.down)) }
        var r = [
            Resource(resource: "cpu", listeners: listeners(limits.cores / cpuPerListener),
                     basis: "\(f.count(limits.cores)) cores / ((\(String(format: "%.2f", c.serverCPUSecondsPerMillionDeliveries)) + "
                        + "\(String(format: "%.2f", c.swarmCPUSecondsPerMillionDeliveries)) s per 10^6 deliveries) / \(f.seconds(p)) per delivery)"),
            Resource(resource: "memory", listeners: listeners(limits.memoryBytes / memoryPerListener),
                     basis: "\(f.bytes(limits.memoryBytes)) / (\(f.count(c.serverBytesPerListener)) server + \(f.count(c.swarmBytesPerListener)) swarm "
                        + "+ \(f.count(kernelPerPair)) kernel bytes per listener)"),
        ]
        if let tcp = limits.tcpMemMaxBytes, kernelPerPair > 0 {
            r.append(Resource(resource: "kernel-tcp-memory", listeners: listeners(tcp / kernelPerPair),
                              basis: "tcp_mem \(f.bytes(tcp)) / \(f.count(kernelPerPair)) kernel bytes per connection pair"))
        }
        if let files = limits.fileMax {
            r.append(Resource(resource: "files", listeners: listeners(files / 2), basis: "fs.file-max \(f.count(min(files, 1e15))) / 2 descriptors per listener (edge + agent)"))
        }
        if let conntrack = limits.conntrackMax {
            r.append(Resource(resource: "conntrack", listeners: listeners(conntrack), basis: "nf_conntrack_max \(f.count(conntrack)), one entry per connection"))
        }
        resources = r
        binding = r.min { $0.listeners < $1.listeners }!
        sizedListeners = Self.roundDown(Double(binding.listeners) * headroom)
        var notes: [String] = []
        if let ports = limits.ephemeralPorts {
            let perAgent = Self.sourceAddressesPerAgent * ports
            let perProcess = max(1, limits.openFilesPerProcess - HostShape.reservedFiles)
            notes.append("ports: an agent connects from \(Self.sourceAddressesPerAgent) loopback addresses × \(f.count(Double(ports))) ports = "
                + "\(f.count(Double(perAgent))) connections, \(perAgent >= perProcess ? "more than" : "FEWER than") the \(f.count(Double(perProcess))) it holds"
                + (perAgent >= perProcess ? ": not a limit" : ": widen net.ipv4.ip_local_port_range (swarmcast tune)"))
        }
        notes.append("open files: \(f.count(Double(limits.openFilesPerProcess))) per process, so processes of \(f.count(Double(max(1, limits.openFilesPerProcess - HostShape.reservedFiles)))) connections: sets the number of edges and agents, not the capacity")
        self.notes = notes
    }

    /// Rounds down to three significant figures (163,456 → 163,000), so a sized scenario does
    /// not claim more precision than one calibration run has.
    public static func roundDown(_ x: Double) -> Int {
        guard x >= 1000 else { return max(0, Int(x.rounded(.down))) }
        let scale = pow(10, (log10(x).rounded(.down)) - 2)
        return Int((x / scale).rounded(.down) * scale)
    }
}
