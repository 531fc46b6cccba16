/// The audio every speaker produces and how it is packed for listeners.
public struct AudioSettings: SettingsGroup, Codable {
    public static let section = "audio"

    /// Audio frame duration (Opus' common 20 ms).
    public var frameInterval: Duration = .milliseconds(20)
    /// Payload bytes per frame: 80 bytes per 20 ms is 32 kbit/s, an Opus voice stream.
    public var payloadBytes = 80
    /// Frames grouped into one write per listener; the packet interval is this times the frame interval.
    public var framesPerPacket = 1

    public init() {}

    public static let fields: [SettingField<AudioSettings>] = [
        .duration("frame_interval", \.frameInterval, .milliseconds(2)...(.seconds(1)), "Audio frame duration"),
        .int("payload_bytes", \.payloadBytes, 0...8000, "Payload bytes per frame (80 per 20 ms = 32 kbit/s)"),
        .int("frames_per_packet", \.framesPerPacket, 1...500, "Frames per write to a listener (150 x 20 ms = 3 s packets)"),
    ]

    /// How much audio one write to a listener carries.
    public var packetInterval: Duration { frameInterval * framesPerPacket }

    /// The stream's bit rate in kbit/s, as `icy-br` announces it.
    public var kilobitsPerSecond: Int {
        let frameMillis = Double(frameInterval.components.seconds) * 1000 + Double(frameInterval.components.attoseconds) / 1e15
        return Int((Double(payloadBytes) * 8 / frameMillis).rounded())
    }

    public init(from decoder: any Decoder) throws { try self.init(values: [String: SettingValue](from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try values.encode(to: encoder) }
}

/// What a broadcast server process runs with: the server and audio settings together, as an
/// origin sends them to its edges and `serve --print-settings` prints them.
public struct BroadcastSettings: Codable, Sendable, Equatable {
    public var server = ServerSettings()
    public var audio = AudioSettings()

    public init(server: ServerSettings = ServerSettings(), audio: AudioSettings = AudioSettings()) {
        self.server = server
        self.audio = audio
    }

    /// Each group's checks, then the checks across groups.
    public func validate() throws(SettingsError) {
        try server.validate()
        try audio.validate()
    }

    /// Frames that may wait for one listener: never fewer than one packet.
    public var effectiveBacklogFrames: Int { max(server.backlogFrames, audio.framesPerPacket) }
}
