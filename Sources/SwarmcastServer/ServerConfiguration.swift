import SwarmcastLoop
import SwarmcastSettings

/// What a server process is in a multi-process server (`serve --workers N`).
public enum ServerRole: String, Sendable, CaseIterable, Codable {
    /// One process does everything (the default).
    case standalone
    /// Runs the rooms and speakers, accepts relays (edges) and speakers on `originAddress`,
    /// supervises `workers` edge processes and sums the metrics they push. (A standalone server
    /// and an edge accept relays too, on their listening port.)
    case origin
    /// Accepts listeners (and edges of its own) on the public port and relays the origin's audio
    /// to them; runs with the settings its origin sends, and rejoins it when the link drops.
    case edge
}

/// What one server process needs beyond the broadcast's settings: where it listens and what role
/// it has. The settings (`settings`) are the same for an origin and all its edges; these fields
/// are what differs from process to process, which is why they are kept apart.
public struct ServerConfiguration: Sendable, Equatable {
    /// Where listeners and speakers connect (an origin's edges share it).
    public var listen: SocketAddress = SocketAddress(host: "127.0.0.1", port: 7400)
    /// Where /metrics, /health and /settings are served; nil for none.
    public var metrics: SocketAddress? = nil
    /// Standalone, origin or edge.
    public var role: ServerRole = .standalone
    /// Origin: where edges and speakers connect. Edge: the origin to relay from.
    public var originAddress: SocketAddress? = nil
    /// Edge processes an origin starts (each holds up to `max_listeners`).
    public var workers: Int = 0
    /// This edge's number (1...workers), for logs and metrics.
    public var edgeIndex: Int = 0
    /// Let other processes bind the same port (SO_REUSEPORT) for multi-process serving.
    public var reusePort: Bool = false
    /// The executable an origin runs for its edges (normally this binary).
    public var workerExecutable: String = "/proc/self/exe"
    /// The broadcast's settings. An edge's are placeholders until its origin's arrive.
    public var settings = BroadcastSettings()

    public init() {}

    /// Checks what is this process's own (role, workers); the settings check themselves.
    public func validate() throws(ServerError) {
        do { try settings.validate() } catch {
            throw .invalidConfiguration(field: error.key, value: error.value, hint: error.message)
        }
        if workers < 0 || workers > 64 { throw .invalidConfiguration(field: "workers", value: "\(workers)", hint: "use 0 to 64 edge processes") }
        if role == .edge && originAddress == nil { throw .invalidConfiguration(field: "edge-of", value: "none", hint: "an edge needs --edge-of HOST:PORT") }
    }

    /// What `--print-settings` and `/settings` say about the process itself.
    public var processDescription: ProcessDescription {
        ProcessDescription(role: role, listen: listen.description, metrics: metrics?.description, origin: originAddress?.description,
                           workers: workers, edgeIndex: edgeIndex, reusePort: reusePort)
    }
}

/// The process-level facts of a server, as JSON shows them (`--print-settings`, `/settings`).
public struct ProcessDescription: Codable, Sendable, Equatable {
    public var role: ServerRole
    public var listen: String
    public var metrics: String?
    public var origin: String?
    public var workers: Int
    public var edgeIndex: Int
    public var reusePort: Bool

    enum CodingKeys: String, CodingKey {
        case role, listen, metrics, origin, workers
        case edgeIndex = "edge_index"
        case reusePort = "reuse_port"
    }
}
