/// What `compare` needs of one run: its headline figures and, per second, the series a block
/// bootstrap resamples (delay histograms, lost frames, stalls, failures and arrivals).
public struct RunSample: Sendable {
    /// Whole-run figures by `ComparedFigure.id`.
    public var figures: [String: Double]
    /// Each second's delay histogram as sparse `(µs, count)` pairs.
    public var delaySeconds: [[(micros: UInt64, count: UInt64)]]
    public var lostPerSecond: [Double]
    public var stallsPerSecond: [Double]
    public var failuresPerSecond: [Double]
    public var arrivalsPerSecond: [Double]

    public init(figures: [String: Double], delaySeconds: [[(micros: UInt64, count: UInt64)]] = [], lostPerSecond: [Double] = [],
                stallsPerSecond: [Double] = [], failuresPerSecond: [Double] = [], arrivalsPerSecond: [Double] = []) {
        self.figures = figures
        self.delaySeconds = delaySeconds
        self.lostPerSecond = lostPerSecond
        self.stallsPerSecond = stallsPerSecond
        self.failuresPerSecond = failuresPerSecond
        self.arrivalsPerSecond = arrivalsPerSecond
    }

    /// The sample of a run read back from its directory.
    public init(_ run: RunResult) {
        self.init(figures: ComparedFigure.values(of: run.summary),
                  delaySeconds: run.delayIntervals.map { interval in
                      interval.histogram.sparseCounts.compactMap { $0.count == 2 ? (micros: $0[0], count: $0[1]) : nil }
                  },
                  lostPerSecond: run.timeline.map { Double($0.framesLost) },
                  stallsPerSecond: run.timeline.map { Double($0.stalls) },
                  failuresPerSecond: run.timeline.map { Double($0.rejects + $0.disconnects + $0.droppedArrivals) },
                  arrivalsPerSecond: run.timeline.map { Double($0.arrivals) })
    }

    /// The delay percentile (0...100) in ms over the given seconds, from their histograms.
    func delayPercentile(_ p: Double, seconds: [Int]) -> Double? {
        var counts: [UInt64: UInt64] = [:]
        var total: UInt64 = 0
        for s in seconds where s < delaySeconds.count {
            for pair in delaySeconds[s] {
                counts[pair.micros, default: 0] += pair.count
                total += pair.count
            }
        }
        guard total > 0 else { return nil }
        let rank = p >= 100 ? total : max(1, UInt64((p / 100 * Double(total)).rounded(.up)))
        var seen: UInt64 = 0
        for value in counts.keys.sorted() {
            seen += counts[value]!
            if seen >= rank { return Double(value) / 1000 }
        }
        return nil
    }
}
