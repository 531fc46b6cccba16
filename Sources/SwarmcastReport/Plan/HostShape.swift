/// The machines a plan is made of: cores and memory of one host, the open-files limit of one
/// process, and how full a host may be planned (headroom).
public struct HostShape: Codable, Equatable, Sendable {
    /// Cores of one host; a core is assumed to do as much as a core of the measuring host.
    public var cores: Double
    public var memoryBytes: Double
    /// Open files one process may hold (20,000 here).
    public var openFiles: Int
    /// The share of a host's cores and memory a plan may use (0.7: plan hosts 70% full).
    public var headroom: Double
    /// Ephemeral ports per source address on the swarm hosts (nil: not known; the command takes this host's).
    public var ephemeralPorts: Int?

    /// Descriptors a process keeps for other things than listeners (listening sockets, pipes,
    /// logs, the relay link): the shipped `max_listeners` of 19,000 under a 20,000-file cap.
    public static let reservedFiles = 1_000

    public init(cores: Double, memoryBytes: Double, openFiles: Int, headroom: Double, ephemeralPorts: Int? = nil) {
        self.ephemeralPorts = ephemeralPorts
        self.cores = cores
        self.memoryBytes = memoryBytes
        self.openFiles = openFiles
        self.headroom = headroom
    }

    /// Connections one process (an edge or an agent) may hold.
    public var connectionsPerProcess: Int { max(1, openFiles - Self.reservedFiles) }
}
