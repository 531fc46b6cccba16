/// What one host can hold, as its kernel says (read by `HostLimits.current()`): the limits a
/// calibrated capacity is checked against besides CPU.
public struct HostLimits: Codable, Equatable, Sendable {
    public var hostname: String
    public var cores: Double
    public var memoryBytes: Double
    /// Open files one process may hold (the hard RLIMIT_NOFILE every command raises itself to).
    public var openFilesPerProcess: Int
    /// System-wide open files (`fs.file-max`).
    public var fileMax: Double?
    /// The most TCP buffer memory the kernel allows (`net.ipv4.tcp_mem`, third value, in bytes).
    public var tcpMemMaxBytes: Double?
    /// Tracked connections (`net.netfilter.nf_conntrack_max`), when conntrack is loaded.
    public var conntrackMax: Double?
    /// Ephemeral ports per source address (`net.ipv4.ip_local_port_range`).
    public var ephemeralPorts: Int?

    public init(hostname: String, cores: Double, memoryBytes: Double, openFilesPerProcess: Int, fileMax: Double? = nil,
                tcpMemMaxBytes: Double? = nil, conntrackMax: Double? = nil, ephemeralPorts: Int? = nil) {
        self.hostname = hostname
        self.cores = cores
        self.memoryBytes = memoryBytes
        self.openFilesPerProcess = openFilesPerProcess
        self.fileMax = fileMax
        self.tcpMemMaxBytes = tcpMemMaxBytes
        self.conntrackMax = conntrackMax
        self.ephemeralPorts = ephemeralPorts
    }
}
