/// The decoded listener-second that matched its source worst, with what it sounded like: the
/// loudness envelope (RMS per 10 ms block) of what the listener decoded beside that of the
/// source it should have heard. The HTML report draws it; an agent sends its worst of each
/// second, the coordinator keeps the run's worst.
public struct AudioWorstSecond: Codable, Equatable, Sendable {
    /// The listener's id (global index << 16 | generation) and the run second.
    public var listener: UInt64
    public var second: Int
    /// Mean per-frame signal match of that second, in thousandths (0 to 1000).
    public var matchPermille: Int
    /// The most frequent cause of the second's mismatched frames (`audio:wrong-seat`), if any.
    public var cause: String?
    /// Envelopes, one value per 10 ms block, RMS × 1024 clipped to 255 (the voice peaks near 190).
    public var decoded: [UInt8]
    public var reference: [UInt8]

    /// Envelope blocks kept per second at most (3 s: a packet of 150 frames arrives in one read).
    public static let maximumBlocks = 300

    public init(listener: UInt64, second: Int, matchPermille: Int, cause: String?, decoded: [UInt8], reference: [UInt8]) {
        self.listener = listener
        self.second = second
        self.matchPermille = matchPermille
        self.cause = cause
        self.decoded = decoded
        self.reference = reference
    }

    /// One envelope value from a block's RMS (full scale 1).
    @inline(__always)
    public static func level(rms: Float) -> UInt8 { UInt8(min(255, (rms * 1024).rounded())) }
}
