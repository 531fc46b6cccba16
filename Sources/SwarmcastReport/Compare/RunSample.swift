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
        indexDelays()
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

    /// Seconds of per-second data the run has.
    public var secondCount: Int { max(lostPerSecond.count, delaySeconds.count) }

    /// The runs' per-second series one after another (figures are not pooled).
    static func pooled(_ runs: [RunSample]) -> RunSample {
        func padded<T>(_ series: [T], _ run: RunSample, _ empty: T) -> [T] {
            series + Array(repeating: empty, count: max(0, run.secondCount - series.count))
        }
        var out = RunSample(figures: [:])
        for run in runs {
            out.delaySeconds += padded(run.delaySeconds, run, [])
            out.lostPerSecond += padded(run.lostPerSecond, run, 0)
            out.stallsPerSecond += padded(run.stallsPerSecond, run, 0)
            out.failuresPerSecond += padded(run.failuresPerSecond, run, 0)
            out.arrivalsPerSecond += padded(run.arrivalsPerSecond, run, 0)
        }
        out.indexDelays()
        return out
    }

    /// The distinct delay values of all seconds, sorted, and each second's counts by position in
    /// them: built once (at init, and again for a side's pooled runs) so that each of thousands
    /// of resamples only adds small arrays.
    private(set) var delayValues: [UInt64] = []
    private(set) var delayIndexed: [[(position: Int, count: UInt64)]] = []

    mutating func indexDelays() {
        delayValues = Array(Set(delaySeconds.flatMap { $0.map(\.micros) })).sorted()
        var position: [UInt64: Int] = [:]
        for (i, v) in delayValues.enumerated() { position[v] = i }
        delayIndexed = delaySeconds.map { second in second.map { (position: position[$0.micros]!, count: $0.count) } }
    }

    /// The delay percentile (0...100) in ms over the given seconds, from their histograms.
    func delayPercentile(_ p: Double, seconds: [Int]) -> Double? {
        var counts = [UInt64](repeating: 0, count: delayValues.count)
        var total: UInt64 = 0
        for s in seconds where s < delayIndexed.count {
            for pair in delayIndexed[s] {
                counts[pair.position] += pair.count
                total += pair.count
            }
        }
        guard total > 0 else { return nil }
        let rank = p >= 100 ? total : max(1, UInt64((p / 100 * Double(total)).rounded(.up)))
        var seen: UInt64 = 0
        for (i, c) in counts.enumerated() {
            seen += c
            if seen >= rank { return Double(delayValues[i]) / 1000 }
        }
        return nil
    }
}
