import Histogram
import SwarmcastMeasure

/// summary.json's `audio`: what the decoded listeners (`listeners.decode`) heard, present only
/// when some decoded. Ratios are over decoded frames; the match is the mean per-frame signal
/// match (normalised correlation of decoded against reference-decoded PCM, 0 to 1) of each
/// listener-second, as percentiles over listener-seconds.
public struct AudioFigures: Codable, Equatable, Sendable {
    public var decodedListeners: Int
    public var frames: Int
    public var concealedRatio: Double
    public var silentRatio: Double
    /// Scored frames (the source speaking) that matched worse than 0.9.
    public var mismatchedRatio: Double
    public var repeated: Int
    public var outOfOrder: Int
    /// Mismatched frames by what they sounded like (`audio:wrong-seat`, ...).
    public var causes: [String: Int]
    public var match: MatchPercentiles?
    /// The worst listener-second, with its envelopes (for the report's chart).
    public var worst: AudioWorstSecond?

    public init(counts: AudioCounts, match: LatencyHistogram, worst: AudioWorstSecond?) {
        decodedListeners = counts.listeners
        frames = counts.frames
        concealedRatio = counts.concealedRatio ?? 0
        silentRatio = counts.silentRatio ?? 0
        mismatchedRatio = counts.scored > 0 ? Double(counts.mismatched) / Double(counts.scored) : 0
        repeated = counts.repeated
        outOfOrder = counts.outOfOrder
        causes = counts.causes
        self.match = MatchPercentiles(match)
        self.worst = worst
    }
}

/// Signal match percentiles over listener-seconds (0 to 1), from the match histogram (thousandths).
public struct MatchPercentiles: Codable, Equatable, Sendable {
    public var listenerSeconds: UInt64
    public var p5: Double
    public var p50: Double
    public var min: Double
    public var mean: Double

    public init?(_ h: LatencyHistogram) {
        guard h.totalCount > 0 else { return nil }
        listenerSeconds = h.totalCount
        p5 = Self.fraction(h.valueAtPercentile(5))
        p50 = Self.fraction(h.valueAtPercentile(50))
        min = Self.fraction(h.min)
        mean = (h.mean / 1000 * 1000).rounded() / 1000
    }

    /// Thousandths to a fraction; a listener-second recorded as 1 (the histogram's floor) is 0.001.
    static func fraction(_ permille: UInt64) -> Double { Double(Swift.min(permille, 1000)) / 1000 }

    /// A statistic by its threshold name (`p5`, `p50`, `min`).
    public func value(named name: String) -> Double? {
        switch name {
        case "p5": p5
        case "p50": p50
        case "min": min
        default: nil
        }
    }
}
