/// What a decoder must know about the rooms' Opus stream before the first packet: the same for
/// the Ogg headers (`OpusHead`) and the fMP4 init segment (`dOps`), and the same on an origin and
/// its edges, which is why it is constants and not asked of an encoder: edges encode nothing.
public struct OpusStreamInfo: Sendable, Equatable {
    /// Opus always decodes at 48 kHz; granule positions and MP4 timescales count these samples.
    public static let sampleRate = 48_000
    /// Samples the decoder drops at the start: libopus' encoder lookahead at 48 kHz for the VOIP
    /// and AUDIO applications (Fs/400 + Fs/250 = 120 + 192); a test checks it against
    /// `OPUS_GET_LOOKAHEAD`.
    public static let standardPreSkip = 312

    public var channels: Int
    public var preSkip: Int
    /// Duration of one Opus packet (one Swarmcast frame) in 48 kHz samples.
    public var samplesPerPacket: Int

    public init(channels: Int = 1, preSkip: Int = standardPreSkip, samplesPerPacket: Int) {
        self.channels = channels
        self.preSkip = preSkip
        self.samplesPerPacket = samplesPerPacket
    }

    /// For a frame interval in nanoseconds (20 ms: 960 samples).
    public init(frameIntervalNanos: UInt64) {
        self.init(samplesPerPacket: Int(frameIntervalNanos * UInt64(Self.sampleRate) / 1_000_000_000))
    }

    /// The `OpusHead` packet (RFC 7845 §5.1), channel mapping family 0.
    public var opusHead: [UInt8] {
        var out = Array("OpusHead".utf8)
        out.append(1)  // version
        out.append(UInt8(channels))
        ByteWriter.appendLE(UInt16(preSkip), to: &out)
        ByteWriter.appendLE(UInt32(Self.sampleRate), to: &out)  // input sample rate (informational)
        ByteWriter.appendLE(Int16(0), to: &out)  // output gain
        out.append(0)  // mapping family
        return out
    }

    /// The `OpusTags` packet (RFC 7845 §5.2): vendor string, one `TITLE` comment.
    public func opusTags(title: String) -> [UInt8] {
        var out = Array("OpusTags".utf8)
        let vendor = Array("swarmcast".utf8)
        ByteWriter.appendLE(UInt32(vendor.count), to: &out)
        out += vendor
        let comment = Array("TITLE=\(title)".utf8)
        ByteWriter.appendLE(UInt32(1), to: &out)
        ByteWriter.appendLE(UInt32(comment.count), to: &out)
        out += comment
        return out
    }
}
