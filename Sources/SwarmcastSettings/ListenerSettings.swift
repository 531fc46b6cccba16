/// How swarm listeners talk to the server.
public enum ListenerProtocol: String, Codable, Sendable, CaseIterable {
    /// Swarmcast frames over a kept TCP connection.
    case native
    /// An Icecast-style `GET` of a mount, timed chunks in the body.
    case httpAudio = "http-audio"
    /// An HLS player: polls the media playlist every target duration, fetches new segments.
    case hls
    /// A Low-Latency HLS player: blocking playlist reloads, fetches parts as they appear.
    case llHLS = "ll-hls"

    /// Whether listeners are HLS players (plain or Low-Latency): they poll playlists and fetch
    /// objects over HTTP instead of holding a stream.
    public var isHLS: Bool { self == .hls || self == .llHLS }
}

/// How HLS players reload their playlist when the server offers delta updates (`CAN-SKIP-UNTIL`).
public enum HLSPlaylistUpdates: String, Codable, Sendable, CaseIterable {
    /// Ask for delta updates (`_HLS_skip=YES`) while the last playlist is recent enough.
    case delta
    /// Always ask for the full playlist (players without delta support; the "before" of a comparison).
    case full
}

/// How each swarm listener behaves and what counts as late or stalled. The arrival schedule and
/// the rooms belong to the scenario; these are the per-listener settings the coordinator hands
/// to every agent unchanged.
public struct ListenerSettings: SettingsGroup, Codable {
    public static let section = "listeners"

    /// Mean session length (exponential); a leaving listener is replaced. nil: no churn.
    public var churnMean: Duration? = nil
    /// Reconnect after unplanned disconnects (jittered exponential backoff).
    public var reconnect = false
    /// A frame delayed more than this counts as late; nil: packet interval + 500 ms.
    public var lateAfter: Duration? = nil
    /// A receiving listener that hears nothing this long has stalled; nil: packet interval + 1 s.
    public var stallAfter: Duration? = nil
    /// Connect-to-WELCOME deadline.
    public var connectTimeout: Duration = .seconds(10)
    /// Agent processes; nil: one per `maxPerAgent` listeners at the peak.
    public var agents: Int? = nil
    /// Connections one agent may hold (the open-files cap is 20,000).
    public var maxPerAgent = 19_000
    /// Fraction of listeners that stop reading once welcomed (reported apart, not as failures).
    public var slowReaders = 0.0
    /// Native frames or HTTP audio.
    public var `protocol`: ListenerProtocol = .native
    /// HTTP listeners' path, `{room}` standing for the room number (an Icecast mount: `/room{room}`).
    public var httpPath = "/rooms/{room}/listen"
    /// HLS listeners' media playlist (`http://HOST:PORT/PATH/index.m3u8`, any origin); nil: our
    /// server's `/rooms/{room}/index.m3u8` on `--server`.
    public var url: String? = nil
    /// HLS players' playlist reloads: delta updates where offered, or always full.
    public var playlistUpdates: HLSPlaylistUpdates = .delta
    /// An owed arrival more than this late is dropped (counted) instead of started late.
    public var dropArrivalAfter: Duration = .seconds(1)
    /// Seed for churn, jitter and slow-reader choice, so a run can be repeated.
    public var seed = 1
    /// Listeners that decode what they receive (libopus) and score it against the built-in
    /// speakers' voice: a fraction (`1%`) or a number (`20`), chosen from the seed; none by default.
    public var decode = ListenerShare.none

    public init() {}

    public static let fields: [SettingField<ListenerSettings>] = [
        .optionalDuration("churn_mean", \.churnMean, .milliseconds(100)...(.seconds(86_400)), "Mean listener session length (exponential); leavers are replaced"),
        .bool("reconnect", \.reconnect, "Reconnect after unplanned disconnects (jittered exponential backoff, 200 ms doubling to 5 s)"),
        .optionalDuration("late_after", \.lateAfter, .milliseconds(1)...(.seconds(3600)), "A frame delayed more than this is late (default: packet interval + 500 ms; HLS: the playlist's hold-back)"),
        .optionalDuration("stall_after", \.stallAfter, .milliseconds(10)...(.seconds(3600)), "A listener that hears nothing this long has stalled (default: packet interval + 1 s; HLS players stall when their buffer runs dry instead)"),
        .duration("connect_timeout", \.connectTimeout, .milliseconds(100)...(.seconds(600)), "Connect-to-WELCOME deadline"),
        .optionalInt("agents", \.agents, 1...256, "Agent processes (default: one per max_per_agent listeners)"),
        .int("max_per_agent", \.maxPerAgent, 1...19_900, "Connections one agent may hold (the open-files cap is 20,000)"),
        .double("slow_readers", \.slowReaders, 0...1, "Fraction of listeners that stop reading once welcomed"),
        .choice("protocol", \.protocol, "Listener protocol: Swarmcast frames, an Icecast-style GET, or an HLS / LL-HLS player"),
        .text("http_path", \.httpPath, hint: "PATH", check: { $0.hasPrefix("/") ? nil : "must start with /, e.g. /rooms/{room}/listen" },
              "With http-audio: the path to GET, {room} standing for the room"),
        .optionalText("url", \.url, minimumLength: 8, "With hls/ll-hls: the media playlist URL (http://HOST:PORT/PATH/index.m3u8), {room} standing for the room"),
        .choice("playlist_updates", \.playlistUpdates, "With ll-hls/hls: reload with delta updates where the server offers them, or always the full playlist"),
        .duration("drop_arrival_after", \.dropArrivalAfter, .milliseconds(1)...(.seconds(60)), "An arrival owed longer than this is dropped (counted) instead of started late"),
        .int("seed", \.seed, 0...Int.max, "Seed for churn, jitter and slow-reader choice"),
        .share("decode", \.decode, "Listeners that decode their audio with libopus and score it against the built-in speakers' voice: a share (1%) or a number (20), chosen by the seed"),
    ]

    /// The late bound for a given packet interval.
    public func lateBound(packetInterval: Duration) -> Duration { lateAfter ?? packetInterval + .milliseconds(500) }
    /// The stall bound for a given packet interval.
    public func stallBound(packetInterval: Duration) -> Duration { stallAfter ?? packetInterval + .seconds(1) }

    public init(from decoder: any Decoder) throws { try self.init(values: [String: SettingValue](from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try values.encode(to: encoder) }
}
