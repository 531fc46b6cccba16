/// What to do with a listener whose backlog is full because it reads slower than the broadcast.
public enum SlowListenerPolicy: String, Sendable, CaseIterable, Codable {
    /// Drop the oldest queued frames (counted) so the listener jumps back to live.
    case skipToLive = "skip-to-live"
    /// Send BYE(too-slow) and close the connection.
    case disconnect
}

/// When a room starts cutting its audio into HLS segments.
public enum HLSCutting: String, Sendable, CaseIterable, Codable {
    /// With the room, from its first frame: every process can answer any first request.
    case always
    /// From this process's first HLS request for the room: no memory for rooms nobody watches
    /// as HLS, but that room's first playlist waits up to two segment durations.
    case onDemand = "on-demand"
}

/// The broadcast server's settings: rooms, admission, protections. An origin and all its edges
/// run with the same values (edges receive them from their origin); where a process listens and
/// what role it has are not settings but the process's own `ServerConfiguration`.
public struct ServerSettings: SettingsGroup, Codable {
    public static let section = "server"

    /// Rooms numbered 1...rooms.
    public var rooms = 1
    /// Built-in synthetic speakers per room (0 when speakers connect as clients).
    public var demoSpeakers = 1
    /// Listener ceiling of one process; beyond it HELLO gets REJECT(full).
    public var maxListeners = 19_000
    /// Listener ceiling per room (nil: only the process ceiling applies).
    public var maxRoomListeners: Int? = nil
    /// Policy for a listener whose backlog overflows.
    public var slowListener: SlowListenerPolicy = .skipToLive
    /// Audio frames that may wait for one listener before the policy applies (250 = 5 s of 20 ms frames).
    public var backlogFrames = 250
    /// A connection without a complete HELLO by then is closed (slowloris defence).
    public var handshakeTimeout: Duration = .seconds(5)
    /// Largest frame accepted from a client.
    public var maxFrameBytes = 16 * 1024
    /// Connections that have not said HELLO yet; past it new connections are closed at once.
    public var maxPendingHandshakes = 10_000
    /// Open connections from one source address (0: no limit).
    public var maxConnectionsPerAddress = 4096
    /// A speaker that sends no audio for this long gets BYE(idle).
    public var speakerIdleTimeout: Duration = .seconds(10)
    /// Bytes queued for all listeners together; past it everyone with a queue gets the slow-listener policy.
    public var backlogMemoryBytes = 1 << 30
    /// Secret for speaker tokens (`swarmcast token`); nil lets any client speak.
    public var speakerSecret: String? = nil
    /// How often rooms tell listeners the room state (listeners, speakers, reactions).
    public var roomStateInterval: Duration = .seconds(1)
    /// HLS media segment duration (rounded to whole parts).
    public var segmentDuration: Duration = .seconds(3)
    /// Complete segments an HLS playlist lists (the sliding window).
    public var playlistSegments = 6
    /// LL-HLS part duration (rounded to whole frames).
    public var partDuration: Duration = .milliseconds(500)
    /// When rooms start cutting HLS (see `HLSCutting`).
    public var hlsCutting: HLSCutting = .always
    /// An edge that hears nothing from its parent this long (not even the PONG to its PING)
    /// drops the link and rejoins. 2 s suits a healthy loopback tree; a heavily loaded host or a
    /// long path wants more, or edges reconnect while their parent is only slow.
    public var originSilenceTimeout: Duration = .seconds(2)

    public init() {}

    public static let fields: [SettingField<ServerSettings>] = [
        .int("rooms", \.rooms, 1...10_000, "Rooms, numbered 1...N"),
        .int("demo_speakers", \.demoSpeakers, 0...14, "Built-in synthetic speakers per room: a host and up to 13"),
        .int("max_listeners", \.maxListeners, 0...10_000_000, "Listener ceiling of one server process; beyond it REJECT(full)"),
        .optionalInt("max_room_listeners", \.maxRoomListeners, 0...10_000_000, "Listener ceiling per room; beyond it REJECT(full)"),
        .choice("slow_listener", \.slowListener, "A listener whose backlog is full: drop its oldest frames, or BYE(too-slow)"),
        .int("backlog_frames", \.backlogFrames, 1...100_000, "Audio frames that may wait for one listener (at least frames_per_packet)"),
        .duration("handshake_timeout", \.handshakeTimeout, .milliseconds(100)...(.seconds(600)), "A connection without a complete HELLO by then is closed"),
        .int("max_frame_bytes", \.maxFrameBytes, 64...(1 << 20), "Largest frame a client may send"),
        .int("max_pending_handshakes", \.maxPendingHandshakes, 1...1_000_000, "Connections that have not said HELLO; past it new ones are closed at once"),
        .int("max_connections_per_address", \.maxConnectionsPerAddress, 0...10_000_000, "Open connections from one source address (0: no limit)"),
        .duration("speaker_idle_timeout", \.speakerIdleTimeout, .milliseconds(100)...(.seconds(3600)), "A speaker that sends no audio that long gets BYE(idle)"),
        .int("backlog_memory_bytes", \.backlogMemoryBytes, (1 << 20)...(1 << 40), "Bytes queued for all listeners together before everyone with a queue gets the slow-listener policy"),
        .optionalText("speaker_secret", \.speakerSecret, minimumLength: 8, "Speakers must present a token made with this secret (see `swarmcast token`)"),
        .duration("room_state_interval", \.roomStateInterval, .milliseconds(100)...(.seconds(60)), "How often listeners are told the room state"),
        .duration("segment_duration", \.segmentDuration, .milliseconds(100)...(.seconds(60)), "HLS segment duration (rounded to whole parts)"),
        .int("playlist_segments", \.playlistSegments, 2...100, "Complete segments an HLS playlist lists (its sliding window)"),
        .duration("part_duration", \.partDuration, .milliseconds(20)...(.seconds(10)), "LL-HLS part duration (rounded to whole frames; at most segment_duration)"),
        .choice("hls_cutting", \.hlsCutting, "When rooms cut HLS: with the room (always) or from this process's first HLS request for it (on-demand, no memory for unwatched rooms)"),
        .duration("origin_silence_timeout", \.originSilenceTimeout, .milliseconds(600)...(.seconds(600)),
                  "An edge that hears nothing from its parent this long (not even a PONG) drops the link and rejoins"),
    ]

    /// A part cannot be longer than its segment.
    public func validateCrossField() throws(SettingsError) {
        if partDuration > segmentDuration {
            throw SettingsError(key: "server.part_duration", value: DurationText.format(partDuration), message: "must not exceed segment_duration")
        }
    }

    public init(from decoder: any Decoder) throws { try self.init(values: [String: SettingValue](from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try values.encode(to: encoder) }
}
