import SwarmcastSettings
import SwarmcastLoop
import SwarmcastSettings

/// What a server process is in a multi-process server (`serve --workers N`).
public enum ServerRole: String, Sendable, CaseIterable, Codable {
    /// One process does everything (the default).
    case standalone
    /// Runs the rooms and speakers, accepts relays (edges) and speakers on `originAddress`,
    /// supervises `workers` edge processes and sums their metrics.
    case origin
    /// Accepts listeners on the shared public port and relays the origin's audio to them.
    case edge
}

/// Everything a broadcast server process needs to know; every field has a default.
public struct ServerConfiguration: Sendable, Equatable {
    /// Where listeners and speakers connect.
    public var listen: SocketAddress = SocketAddress(host: "127.0.0.1", port: 7400)
    /// Where /metrics and /health are served; nil for none.
    public var metrics: SocketAddress? = nil
    /// Rooms numbered 1...rooms.
    public var rooms: Int = 1
    /// Built-in synthetic speakers per room (0 when speakers connect as clients).
    public var demoSpeakers: Int = 1
    /// Audio frame duration (Opus' common 20 ms).
    public var frameInterval: Duration = .milliseconds(20)
    /// Payload bytes per frame: 80 bytes per 20 ms is 32 kbit/s, an Opus voice stream.
    public var payloadBytes: Int = 80
    /// Frames grouped into one write per listener; the packet interval is this times frameInterval.
    public var framesPerPacket: Int = 1
    /// Listener ceiling for this process; beyond it HELLO gets REJECT(full).
    public var maxListeners: Int = 19_000
    /// Listener ceiling per room (nil: only the process ceiling applies).
    public var maxRoomListeners: Int? = nil
    /// Policy for a listener whose backlog overflows.
    public var slowListenerPolicy: SlowListenerPolicy = .skipToLive
    /// Audio frames that may wait for one listener before the policy applies (default 5 s of audio).
    public var backlogFrames: Int = 250
    /// A connection that has not sent a complete HELLO by then is closed (slowloris defence).
    public var handshakeTimeout: Duration = .seconds(5)
    /// Largest frame accepted from a client.
    public var maximumFrameBytes: Int = 16 * 1024
    /// How often rooms publish ROOM_STATE.
    public var roomStateInterval: Duration = .seconds(1)
    /// Let other processes bind the same port (SO_REUSEPORT) for multi-process serving.
    public var reusePort: Bool = false
    /// Connections that have not yet said HELLO; beyond it new connections are closed at once
    /// (a connection flood cannot fill the process with silent sockets).
    public var maxPendingHandshakes: Int = 10_000
    /// Open connections from one source address (0: no limit).
    public var maxConnectionsPerAddress: Int = 4096
    /// A speaker that sends no audio for this long is closed (`idle`).
    public var speakerIdleTimeout: Duration = .seconds(10)
    /// User-space bytes queued for all listeners together; past it, listeners with a queue get
    /// the slow-listener policy at once.
    public var backlogMemoryBytes: Int = 1 << 30
    /// Secret for speaker tokens (`swarmcast token`); nil lets any client speak.
    public var speakerSecret: String? = nil

    /// Standalone, origin or edge.
    public var role: ServerRole = .standalone
    /// Origin: where edges and speakers connect. Edge: the origin to relay from.
    public var originAddress: SocketAddress? = nil
    /// Edge processes an origin starts (each holds up to `maxListeners`).
    public var workers: Int = 0
    /// The executable an origin runs for its edges (normally this binary).
    public var workerExecutable: String = "/proc/self/exe"
    /// This edge's number (1...workers), for logs and metrics.
    public var edgeIndex: Int = 0

    public init() {}

    /// The packet interval: how much audio one write to a listener carries.
    ///
    /// ROOM_STATE goes out with the audio packets, so with packets longer than
    /// `roomStateInterval` listeners get it once per packet rather than once per interval.
    public var packetInterval: Duration { frameInterval * framesPerPacket }

    /// Checks values that flags or YAML could get wrong; the message says what to type instead.
    public func validate() throws(ServerError) {
        func bad(_ field: String, _ value: Any, _ hint: String) -> ServerError { .invalidConfiguration(field: field, value: "\(value)", hint: hint) }
        if rooms < 1 || rooms > 10_000 { throw bad("rooms", rooms, "use 1 to 10000") }
        if demoSpeakers < 0 || demoSpeakers > Room.maximumSpeakers { throw bad("demo-speakers", demoSpeakers, "use 0 to \(Room.maximumSpeakers) (a host and up to 13 speakers)") }
        if frameInterval < .milliseconds(2) || frameInterval > .seconds(1) { throw bad("frame-interval", frameInterval, "use 2ms to 1s, e.g. 20ms") }
        if payloadBytes < 0 || payloadBytes > 8000 { throw bad("payload-bytes", payloadBytes, "use 0 to 8000") }
        if framesPerPacket < 1 || framesPerPacket > 500 { throw bad("frames-per-packet", framesPerPacket, "use 1 to 500 (150 x 20ms = a 3s packet)") }
        if maxListeners < 0 { throw bad("max-listeners", maxListeners, "use 0 or more") }
        if let m = maxRoomListeners, m < 0 { throw bad("max-room-listeners", m, "use 0 or more") }
        if backlogFrames < framesPerPacket { throw bad("backlog-frames", backlogFrames, "use at least frames-per-packet (\(framesPerPacket))") }
        if maxPendingHandshakes < 1 { throw bad("max-pending-handshakes", maxPendingHandshakes, "use 1 or more") }
        if maxConnectionsPerAddress < 0 { throw bad("max-connections-per-address", maxConnectionsPerAddress, "use 0 (no limit) or more") }
        if backlogMemoryBytes < 1 << 20 { throw bad("backlog-memory-bytes", backlogMemoryBytes, "use at least 1048576 (1 MiB)") }
        if let s = speakerSecret, s.count < 8 { throw bad("speaker-secret", "(\(s.count) characters)", "use at least 8 characters") }
        if workers < 0 || workers > 64 { throw bad("workers", workers, "use 0 to 64 edge processes") }
        if role == .edge && originAddress == nil { throw bad("origin", "none", "an edge needs --origin HOST:PORT") }
        if maximumFrameBytes < 64 || maximumFrameBytes > 1 << 20 { throw bad("max-frame-bytes", maximumFrameBytes, "use 64 to 1048576") }
    }
}
