/// What decoded listeners heard, cumulative since the start of a run: the audio view of the
/// frames that sequence numbers and timestamps count as healthy or lost.
///
/// Part of `SwarmCounters` (so it is sent, summed, merged and carried per second exactly like
/// every other count); all zero when no listener decodes.
public struct AudioCounts: Codable, Equatable, Sendable {
    /// Listeners that decoded at least one frame.
    public var listeners = 0
    /// Frames decoded, concealed ones included.
    public var frames = 0
    /// Frames the decoder had to invent for lost ones (Opus packet loss concealment).
    public var concealed = 0
    /// Frames that decoded to silence where the source speaks.
    public var silent = 0
    /// Frames compared with a speaking source (the source's pauses carry no signal to match).
    public var scored = 0
    /// Scored frames whose signal match was below `mismatchBelow`.
    public var mismatched = 0
    /// Frames whose sequence the listener had already played (dropped, not decoded again).
    public var repeated = 0
    /// Frames older than one already played (dropped, not decoded).
    public var outOfOrder = 0
    /// Why mismatched frames sounded wrong, as far as the audio tells: `audio:reset` (a frame
    /// that starts empty, as from an encoder that lost its state), `audio:wrong-seat` (another
    /// speaker's voice), `audio:repeated` (audio this listener already heard), `audio:wrong-time`
    /// (the right voice from another moment), `audio:silence`, `audio:unknown`, `audio:undecodable`.
    public var causes: [String: Int] = [:]

    /// The per-frame match under which a scored frame counts as mismatched (and gets a cause).
    public static let mismatchBelow = 0.9

    public init() {}

    public var isEmpty: Bool { self == AudioCounts() }

    /// The plain counts, in the order the snapshot record carries them: what `add`, `since` and
    /// the codec walk, so a new count is added in one place.
    static let countFields: [WritableKeyPath<AudioCounts, Int> & Sendable] = [\.listeners, \.frames, \.concealed, \.silent, \.scored,
                                                                    \.mismatched, \.repeated, \.outOfOrder]

    public mutating func add(_ o: AudioCounts) {
        for f in Self.countFields { self[keyPath: f] += o[keyPath: f] }
        causes.merge(o.causes, uniquingKeysWith: +)
    }

    /// Both together.
    public func adding(_ o: AudioCounts) -> AudioCounts {
        var sum = self
        sum.add(o)
        return sum
    }

    /// `audio.concealed_ratio`: concealed over decoded frames (nil when nothing was decoded).
    public var concealedRatio: Double? { frames > 0 ? Double(concealed) / Double(frames) : nil }
    /// `audio.silent_ratio`: frames silent where the source speaks, over decoded frames.
    public var silentRatio: Double? { frames > 0 ? Double(silent) / Double(frames) : nil }

    /// The counts since `earlier` (for one second of a timeline).
    public func since(_ earlier: AudioCounts) -> AudioCounts {
        var d = self
        for f in Self.countFields { d[keyPath: f] -= earlier[keyPath: f] }
        d.causes = causes.merging(earlier.causes.mapValues { -$0 }, uniquingKeysWith: +).filter { $0.value != 0 }
        return d
    }
}

extension AudioCounts {
    enum CodingKeys: String, CodingKey { case listeners, frames, concealed, silent, scored, mismatched, repeated, outOfOrder, causes }

    /// Field by field, a missing one zero, as `SwarmCounters` reads its own.
    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func int(_ key: CodingKeys) throws -> Int { try c.decodeIfPresent(Int.self, forKey: key) ?? 0 }
        listeners = try int(.listeners)
        frames = try int(.frames)
        concealed = try int(.concealed)
        silent = try int(.silent)
        scored = try int(.scored)
        mismatched = try int(.mismatched)
        repeated = try int(.repeated)
        outOfOrder = try int(.outOfOrder)
        causes = try c.decodeIfPresent([String: Int].self, forKey: .causes) ?? [:]
    }
}
