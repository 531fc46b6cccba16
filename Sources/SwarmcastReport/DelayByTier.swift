import SwarmcastMeasure

/// summary.json's `delay_by_tier`: where each frame's delay was spent, tier by tier (speaker to
/// origin, the origin's packet wait, each edge level, the last mile), over the frames that
/// carried hop stamps. Percentiles come from each tier's histogram and do not add up; means
/// come from exact sums and do: every frame's tiers add up to its end-to-end delay, so
/// `sum_of_tier_means_ms` equals `end_to_end.mean_ms` (docs/delay-by-tier.md).
public struct DelayByTier: Codable, Equatable, Sendable {
    /// One tier's figures (ms).
    public struct Tier: Codable, Equatable, Sendable {
        public var name: String
        public var p50Ms: Double
        public var p99Ms: Double
        public var maxMs: Double
        /// From the exact sum (negative values included), not from the histogram.
        public var meanMs: Double
        /// The whole-run histogram as `[µs, count]` pairs and the exact sum in µs, so `merge`
        /// adds runs exactly.
        public var histogram: [[UInt64]]
        public var sumUs: Int64
        public init(name: String, p50Ms: Double, p99Ms: Double, maxMs: Double, meanMs: Double, histogram: [[UInt64]], sumUs: Int64) {
            self.name = name
            self.p50Ms = p50Ms
            self.p99Ms = p99Ms
            self.maxMs = maxMs
            self.meanMs = meanMs
            self.histogram = histogram
            self.sumUs = sumUs
        }
    }

    /// Whose path: `native` (hop stamps: ingest, origin, edgeN, last_mile) or `hls` (an HLS
    /// player's parts and segments: packaging, discovery, fetch).
    public var path: String
    /// Frames that carried hop stamps (HLS: parts and segments with a publication time).
    public var frames: Int
    /// The tiers in path order: ingest, origin, edge1…, last_mile.
    public var tiers: [Tier]
    /// Receive time minus capture time of the same frames.
    public var endToEnd: Tier
    /// The tiers' means added up (equals `end_to_end.mean_ms`, up to rounding).
    public var sumOfTierMeansMs: Double
    /// Frames with a tier below zero, which only clocks that differ can make (recorded in the
    /// histograms as 0, summed as they are).
    public var clampedFrames: Int
    /// How far clocks may have moved delay between tiers: the listeners' bound to their server
    /// plus the largest sum of the edges' bounds to their parents. 0: one clock throughout; nil:
    /// unknown (listeners without a PING/PONG estimate, as HLS players are).
    public var clockBoundMs: Double?
    /// Which clock offsets were applied, in words.
    public var clock: String
    /// Hop stamps' own clock bound (µs), kept apart from the listeners' so merge can redo the sum.
    public var hopClockBoundUs: UInt64

    public init(path: String, frames: Int, tiers: [Tier], endToEnd: Tier, sumOfTierMeansMs: Double, clampedFrames: Int, clockBoundMs: Double?,
                clock: String, hopClockBoundUs: UInt64) {
        self.path = path
        self.frames = frames
        self.tiers = tiers
        self.endToEnd = endToEnd
        self.sumOfTierMeansMs = sumOfTierMeansMs
        self.clampedFrames = clampedFrames
        self.clockBoundMs = clockBoundMs
        self.clock = clock
        self.hopClockBoundUs = hopClockBoundUs
    }

    /// The figures of recorded tiers; nil when no frame carried stamps.
    public init?(_ t: DelayTiers, listenerClockBoundMs: Double?) {
        guard t.frames > 0 else { return nil }
        func tier(_ i: Int) -> Tier {
            let h = t.histograms[i]
            func ms(_ units: UInt64) -> Double { LatencyUnit.millis(units: Double(units)).rounded(toPlaces: 3) }
            return Tier(name: DelayTier.name(i, t.layout), p50Ms: ms(h.valueAtPercentile(50)), p99Ms: ms(h.valueAtPercentile(99)), maxMs: ms(h.max),
                        meanMs: (Double(t.sumsMicros[i]) / Double(t.frames) / 1000).rounded(toPlaces: 3), histogram: h.sparseCounts,
                        sumUs: t.sumsMicros[i])
        }
        let order = DelayTier.pathOrder(count: t.tierCount, t.layout)
        let tiers = order.map(tier)
        let exactSum = order.reduce(Int64(0)) { $0 + t.sumsMicros[$1] }
        let hopBoundMs = Double(t.hopClockBoundMicros) / 1000
        self.init(path: t.layout == .hls ? "hls" : "native", frames: t.frames, tiers: tiers, endToEnd: tier(DelayTier.endToEnd),
                  sumOfTierMeansMs: (Double(exactSum) / Double(t.frames) / 1000).rounded(toPlaces: 3), clampedFrames: t.clampedFrames,
                  clockBoundMs: listenerClockBoundMs.map { ($0 + hopBoundMs).rounded(toPlaces: 3) },
                  clock: t.layout == .hls ? Self.hlsClockNote : Self.clockNote(listenerClockBoundMs: listenerClockBoundMs, hopBoundMs: hopBoundMs),
                  hopClockBoundUs: t.hopClockBoundMicros)
    }

    static let hlsClockNote = "publication on the clock of the server that cuts the HLS (its broadcast clock); players' receive times on their host's clock, uncorrected (no PING/PONG over HTTP)"

    static func clockNote(listenerClockBoundMs: Double?, hopBoundMs: Double) -> String {
        let edges = hopBoundMs > 0
            ? String(format: "edges stamp on their parent's clock by PING/PONG offset, applied where it exceeds its bound (± %.3f ms summed over the hops)", hopBoundMs)
            : "origin and edges on one clock (--workers edges share the origin's; any PING/PONG bound under 1 µs)"
        let listeners = listenerClockBoundMs.map { String(format: "listeners corrected by their PING/PONG offset to their server (± %.3f ms)", $0) }
            ?? "listeners uncorrected (no PING/PONG estimate)"
        return "\(edges); \(listeners)"
    }

    /// The tiers back as mergeable histograms and sums (a summary read back, for `merge`).
    public var delayTiers: DelayTiers {
        let layout: DelayTier.Layout = path == "hls" ? .hls : .native
        let byName = Dictionary(([endToEnd] + tiers).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let count = byName.keys.compactMap { name in
            (0..<DelayTier.maximumTiers).first { DelayTier.name($0, layout) == name }
        }.max().map { $0 + 1 } ?? 0
        var hs: [LatencyHistogram] = []
        var sums: [Int64] = []
        for i in 0..<count {
            var h = LatencyHistogram.latency()
            h.add(sparse: byName[DelayTier.name(i, layout)]?.histogram ?? [])
            hs.append(h)
            sums.append(byName[DelayTier.name(i, layout)]?.sumUs ?? 0)
        }
        return DelayTiers(layout: layout, histograms: hs, sumsMicros: sums, frames: frames, clampedFrames: clampedFrames, hopClockBoundMicros: hopClockBoundUs)
    }

    /// The result text's `tiers` line: p50/p99 per tier in path order, then end to end.
    public var resultLine: String {
        func f(_ t: Tier) -> String { String(format: "%@ %.1f/%.1f", t.name, t.p50Ms, t.p99Ms) }
        return (path == "hls" ? "tiers (hls) p50/p99 ms  " : "tiers       p50/p99 ms  ") + tiers.map(f).joined(separator: "  ") + "  = \(f(endToEnd))"
            + String(format: "  (means add to %.2f of %.2f ms; clock %@; %d %@)", sumOfTierMeansMs, endToEnd.meanMs,
                     clockBoundMs.map { String(format: "± %.3f ms", $0) } ?? "uncorrected", frames,
                            path == "hls" ? "parts and segments" : "frames")
    }
}
