/// Delay split by tier over stamped frames: a histogram per tier (µs) and each tier's exact
/// signed sum, so tiers can be shown as percentiles (which do not add up) and as means (which
/// add up exactly to the end-to-end mean, because each frame's tiers add up to its delay).
///
/// Mergeable: an agent records into one, snapshots take its per-second delta
/// (`DelayTierSample`), and the coordinator, a run read back and `merge` add them.
public struct DelayTiers: Sendable {
    /// Whose path the tiers cut (native hop stamps, or an HLS player's fetches).
    public let layout: DelayTier.Layout
    /// Per tier (`DelayTier` index): recorded values. Empty until the first stamped frame, so
    /// an agent whose listeners get no stamps (HTTP, HLS, an old server) holds no histograms.
    public private(set) var histograms: [LatencyHistogram] = []
    /// Per tier: the sum of its values, µs, negatives included.
    public private(set) var sumsMicros: [Int64] = []
    /// Stamped frames recorded.
    public private(set) var frames = 0
    /// Frames with a tier below zero (clocks of different hosts), recorded in the histogram as
    /// 0 but summed as they are.
    public private(set) var clampedFrames = 0
    /// The largest sum of edge clock bounds a frame's stamps carried (µs): how far a tier may
    /// be moved by clocks, on top of the listener's own bound to its server.
    public private(set) var hopClockBoundMicros: UInt64 = 0

    public init(layout: DelayTier.Layout = .native) { self.layout = layout }

    /// Tiers held (4 fixed + the deepest edge level seen).
    public var tierCount: Int { histograms.count }

    /// One stamped frame: its ingest and origin wait, the edge levels of its packet (level 1
    /// first) and its last mile, all µs. End-to-end is their sum.
    public mutating func record(ingest: Int64, origin: Int64, edges: [Int64], lastMile: Int64, hopClockBoundMicros bound: UInt64) {
        let own = recordFrame(ingest: ingest, origin: origin, endToEnd: ingest + origin + edges.reduce(0, +) + lastMile)
        recordShared(edges: edges, lastMile: lastMile, frames: 1, framesBelowZero: own ? 1 : 0, hopClockBoundMicros: bound)
    }

    /// The tiers that differ frame by frame (ingest, origin wait, and the end-to-end delay that
    /// `recordShared` completes): a listener's per-frame cost is these three records. Returns
    /// whether one of them was below zero.
    @inline(__always)
    public mutating func recordFrame(ingest: Int64, origin: Int64, endToEnd: Int64) -> Bool {
        if histograms.count <= DelayTier.lastMile { grow(to: DelayTier.lastMile + 1) }
        frames += 1
        // One uniqueness check per array and no bounds checks: grown above, indices fixed.
        sumsMicros.withUnsafeMutableBufferPointer { s in
            s[DelayTier.ingest] &+= ingest
            s[DelayTier.origin] &+= origin
            s[DelayTier.endToEnd] &+= endToEnd
        }
        histograms.withUnsafeMutableBufferPointer { h in
            h[DelayTier.ingest].recordClamped(UInt64(max(0, ingest)))
            h[DelayTier.origin].recordClamped(UInt64(max(0, origin)))
            h[DelayTier.endToEnd].recordClamped(UInt64(max(0, endToEnd)))
        }
        return ingest < 0 || origin < 0 || endToEnd < 0
    }

    /// The tiers `frames` frames of one packet share, read at one time (its edge levels, level 1
    /// first, and the last mile), recorded once with their count; `framesBelowZero` of them had
    /// a tier of their own below zero (`recordFrame`).
    public mutating func recordShared(edges: [Int64], lastMile: Int64, frames count: Int, framesBelowZero: Int, hopClockBoundMicros bound: UInt64) {
        guard count > 0 else { return }
        grow(to: DelayTier.edge(min(edges.count, DelayTier.deepestEdgeLevel)) + 1)
        var negatives = add(lastMile, DelayTier.lastMile, count: count)
        for (i, micros) in edges.enumerated() {
            negatives += add(micros, DelayTier.edge(min(i + 1, DelayTier.deepestEdgeLevel)), count: count)
        }
        clampedFrames += negatives > 0 ? count : framesBelowZero
        if bound > hopClockBoundMicros { hopClockBoundMicros = bound }
    }

    /// One HLS part or segment: from its first frame's capture to its publication, from
    /// publication to the request (0 when asked before), and on to the response (µs). Its
    /// end-to-end delay is their sum.
    public mutating func record(packaging: Int64, discovery: Int64, fetch: Int64) {
        grow(to: DelayTier.hlsFetch + 1)
        let negatives = add(packaging, DelayTier.hlsPackaging) + add(discovery, DelayTier.hlsDiscovery) + add(fetch, DelayTier.hlsFetch)
            + add(packaging + discovery + fetch, DelayTier.endToEnd)
        frames += 1
        if negatives > 0 { clampedFrames += 1 }
    }

    /// Adds one value to a tier; 1 when it was negative (recorded as 0), else 0.
    @inline(__always) private mutating func add(_ micros: Int64, _ tier: Int) -> Int {
        sumsMicros[tier] &+= micros
        histograms[tier].recordClamped(UInt64(max(0, micros)))
        return micros < 0 ? 1 : 0
    }

    /// Adds one value `count` times to a tier; 1 when it was negative, else 0.
    private mutating func add(_ micros: Int64, _ tier: Int, count: Int) -> Int {
        sumsMicros[tier] &+= micros &* Int64(count)
        _ = histograms[tier].record(min(max(UInt64(max(0, micros)), 1), LatencyUnit.highestTrackable), count: UInt64(count))
        return micros < 0 ? 1 : 0
    }

    private mutating func grow(to count: Int) {
        while histograms.count < count {
            histograms.append(.latency())
            sumsMicros.append(0)
        }
    }

    /// Adds another agent's, second's or run's tiers.
    /// Tiers of another layout are not added (whoever adds keeps one per layout).
    public mutating func add(_ other: DelayTiers) {
        guard other.layout == layout else { return }
        grow(to: other.tierCount)
        for i in 0..<other.tierCount {
            histograms[i].add(other.histograms[i])
            sumsMicros[i] &+= other.sumsMicros[i]
        }
        frames += other.frames
        clampedFrames += other.clampedFrames
        hopClockBoundMicros = max(hopClockBoundMicros, other.hopClockBoundMicros)
    }

    /// Adds a snapshot's delta.
    public mutating func add(_ sample: DelayTierSample) {
        guard sample.layout == layout else { return }
        grow(to: sample.histograms.count)
        for (i, counts) in sample.histograms.enumerated() {
            histograms[i].add(counts)
            sumsMicros[i] &+= sample.sumsMicros[i]
        }
        frames += sample.frames
        clampedFrames += sample.clampedFrames
        hopClockBoundMicros = max(hopClockBoundMicros, sample.hopClockBoundMicros)
    }

    /// Rebuilds tiers from their parts (a summary read back).
    public init(layout: DelayTier.Layout, histograms: [LatencyHistogram], sumsMicros: [Int64], frames: Int, clampedFrames: Int,
                hopClockBoundMicros: UInt64) {
        precondition(histograms.count == sumsMicros.count)
        self.layout = layout
        self.histograms = histograms
        self.sumsMicros = sumsMicros
        self.frames = frames
        self.clampedFrames = clampedFrames
        self.hopClockBoundMicros = hopClockBoundMicros
    }

    /// This interval's tiers as a snapshot delta; the histograms and counts start again (the
    /// histograms keep their storage, and the tiers seen stay).
    public mutating func takeSample() -> DelayTierSample {
        // Nothing recorded (most agents' seconds without stamps): no histogram is walked.
        guard frames > 0 else { return DelayTierSample(layout: layout) }
        let sample = DelayTierSample(layout: layout, histograms: histograms.map { SparseCounts($0) }, sumsMicros: sumsMicros, frames: frames,
                                     clampedFrames: clampedFrames, hopClockBoundMicros: hopClockBoundMicros)
        for i in histograms.indices { histograms[i].clear() }
        for i in sumsMicros.indices { sumsMicros[i] = 0 }
        frames = 0
        clampedFrames = 0
        hopClockBoundMicros = 0
        return sample
    }
}

/// One interval's `DelayTiers` as an agent snapshot carries it (snapshot version 7).
public struct DelayTierSample: Equatable, Sendable {
    public var layout: DelayTier.Layout
    public var histograms: [SparseCounts]
    public var sumsMicros: [Int64]
    public var frames: Int
    public var clampedFrames: Int
    public var hopClockBoundMicros: UInt64

    public init(layout: DelayTier.Layout = .native, histograms: [SparseCounts] = [], sumsMicros: [Int64] = [], frames: Int = 0,
                clampedFrames: Int = 0, hopClockBoundMicros: UInt64 = 0) {
        precondition(histograms.count == sumsMicros.count)
        self.layout = layout
        self.histograms = histograms
        self.sumsMicros = sumsMicros
        self.frames = frames
        self.clampedFrames = clampedFrames
        self.hopClockBoundMicros = hopClockBoundMicros
    }

    public var isEmpty: Bool { frames == 0 }
}
