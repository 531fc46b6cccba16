import Foundation

/// Two sets of runs side by side, each figure with a confidence interval, and a verdict that
/// tells a regression from noise.
///
/// Figures that have a per-second series (delay percentiles from the per-second histograms,
/// lost frames, stalls, failure rate) are computed over all seconds of a side's runs and get an
/// interval from a two-stage bootstrap: runs with replacement, then moving blocks of each run's
/// seconds (one run a side: the blocks alone). The other figures are the median over runs with
/// an interval from resampling the runs; with one run a side they have none and are shown but
/// not judged. A figure is a regression only when it is worse by more than
/// `maxRegression` (and its absolute slack) AND the interval of the change excludes zero.
public struct RunComparison: Sendable {
    public enum Verdict: String, Sendable {
        case regression
        case improvement
        case withinNoise = "within noise"
        /// No interval, or too few runs for one at the stated confidence: no verdict.
        case unjudged = "not judged"
    }

    /// A closed interval.
    public struct Interval: Sendable, Equatable {
        public var low: Double
        public var high: Double
        public init(_ low: Double, _ high: Double) { self.low = low; self.high = high }
    }

    public struct Row: Sendable {
        public var figure: ComparedFigure
        public var base: Double?
        public var baseInterval: Interval?
        public var new: Double?
        public var newInterval: Interval?
        /// new − base, and its interval.
        public var difference: Double?
        public var differenceInterval: Interval?
        public var verdict: Verdict
        /// The change relative to the base (nil when the base is 0 or missing).
        public var relativeChange: Double? {
            guard let base, let difference, base != 0 else { return nil }
            return difference / abs(base)
        }
        public var regressed: Bool { verdict == .regression }
    }

    public var rows: [Row]
    public let confidence: Double
    public let maxRegression: Double
    public var regressed: Bool { rows.contains { $0.regressed } }

    /// - Parameters:
    ///   - base: the runs of the side compared against.
    ///   - new: the runs of the side judged.
    ///   - maxRegression: allowed worsening as a fraction (0.1 = 10%).
    ///   - confidence: of the intervals (0.95 = 95%).
    ///   - bootstrap: the resampling (seeded, so the same runs give the same intervals).
    public init(base: [RunSample], new: [RunSample], maxRegression: Double, confidence: Double = 0.95,
                bootstrap: Bootstrap = Bootstrap()) {
        precondition(!base.isEmpty && !new.isEmpty)
        self.confidence = confidence
        self.maxRegression = maxRegression
        var rng = bootstrap
        // The confidence holds for the comparison as a whole, not for each figure: with ten
        // figures judged at 95% each, one in four comparisons of a build with itself would
        // flag something. Each figure is judged at 1 − (1 − confidence) / figures (Bonferroni).
        let figures = ComparedFigure.judged(base + new)
        let perFigure = 1 - (1 - confidence) / Double(figures.count)
        rows = figures.map { figure in
            Self.row(figure, base: base, new: new, maxRegression: maxRegression, confidence: perFigure, bootstrap: &rng)
        }
    }

    /// One side's point estimate and its resampled estimates (nil resamples: no interval).
    ///
    /// Figures with a per-second series are estimated from the seconds of all the side's runs
    /// pooled, and resampled in two stages: runs with replacement, then each drawn run's seconds
    /// in moving blocks. The interval then carries both the run-to-run noise and the
    /// second-to-second noise inside a run; resampling only three run-level values gives
    /// intervals too narrow to trust (it called a 16% run-to-run wobble a regression).
    private static func estimates(_ figure: ComparedFigure, _ runs: [RunSample], bootstrap: inout Bootstrap) -> (point: Double?, resamples: [Double]?) {
        if let fromSeconds = figure.fromSeconds, runs.allSatisfy({ $0.secondCount >= 3 }) {
            let pooled = RunSample.pooled(runs)
            let offsets = runs.reduce(into: [0]) { $0.append($0.last! + $1.secondCount) }
            guard let point = fromSeconds(pooled, Array(0..<pooled.secondCount)) else { return (nil, nil) }
            var resamples: [Double] = []
            for _ in 0..<bootstrap.resamples {
                let drawn = runs.count >= 2 ? bootstrap.indices(runs.count) : [0]
                var seconds: [Int] = []
                for r in drawn {
                    let count = runs[r].secondCount
                    seconds += bootstrap.blockIndices(count, blockLength: Bootstrap.blockLength(for: count)).map { $0 + offsets[r] }
                }
                if let value = fromSeconds(pooled, seconds) { resamples.append(value) }
            }
            return (point, resamples.count == bootstrap.resamples ? resamples : nil)
        }
        let values = runs.compactMap { $0.figures[figure.id] }
        guard values.count == runs.count, !values.isEmpty else { return (values.isEmpty ? nil : Bootstrap.median(values), nil) }
        guard runs.count >= 2 else { return (values[0], nil) }
        let resamples = (0..<bootstrap.resamples).map { _ in Bootstrap.median(bootstrap.indices(values.count).map { values[$0] }) }
        return (Bootstrap.median(values), resamples)
    }

    private static func row(_ figure: ComparedFigure, base: [RunSample], new: [RunSample], maxRegression: Double, confidence: Double,
                            bootstrap: inout Bootstrap) -> Row {
        let b = estimates(figure, base, bootstrap: &bootstrap)
        let n = estimates(figure, new, bootstrap: &bootstrap)
        let alpha = (1 - confidence) / 2
        func interval(_ values: [Double]?) -> Interval? {
            guard let values, !values.isEmpty else { return nil }
            return Interval(Bootstrap.quantile(values, alpha), Bootstrap.quantile(values, 1 - alpha))
        }
        var row = Row(figure: figure, base: b.point, baseInterval: interval(b.resamples), new: n.point, newInterval: interval(n.resamples),
                      difference: nil, differenceInterval: nil, verdict: .unjudged)
        guard let bp = b.point, let np = n.point else {
            // A figure the base had and the new run lost (no frames received at all, say) is a regression.
            if b.point != nil && n.point == nil { row.verdict = .regression }
            return row
        }
        row.difference = np - bp
        guard let bs = b.resamples, let ns = n.resamples else { return row }
        // A figure known only once per run is judged only when there are runs enough for the
        // confidence: with 3 runs a side even complete separation of the two sides happens by
        // chance once in 20 (1 / C(6, 3)), which no 99.5% interval may call a regression.
        if figure.fromSeconds == nil || !base.allSatisfy({ $0.secondCount >= 3 }) || !new.allSatisfy({ $0.secondCount >= 3 }) {
            if Self.smallestOneSidedChance(base.count, new.count) > alpha { return row }
        }
        let differences = zip(bs, ns).map { $1 - $0 }
        guard let d = interval(differences) else { return row }
        row.differenceInterval = d
        let worse = figure.largerIsWorse ? 1.0 : -1.0
        let change = (np - bp) * worse
        let beyondNoise = figure.largerIsWorse ? d.low > 0 : d.high < 0
        let betterBeyondNoise = figure.largerIsWorse ? d.high < 0 : d.low > 0
        if change > figure.slack && change > maxRegression * abs(bp) && beyondNoise {
            row.verdict = .regression
        } else if -change > figure.slack && betterBeyondNoise {
            row.verdict = .improvement
        } else {
            row.verdict = .withinNoise
        }
        return row
    }

    /// The smallest chance that one side's runs all fall beyond the other's when nothing
    /// changed: 1 / C(m + n, n), the exact bound of a rank test on m and n runs.
    static func smallestOneSidedChance(_ m: Int, _ n: Int) -> Double {
        var ways = 1.0
        for i in 0..<n { ways = ways * Double(m + n - i) / Double(i + 1) }
        return 1 / ways
    }

    /// A fixed-width table for terminals and CI logs.
    public func table(baseName: String, newName: String) -> String {
        func f(_ v: Double?) -> String {
            guard let v else { return "–" }
            return abs(v) >= 1000 || v == v.rounded() ? String(format: "%.0f", v) : String(format: "%.2f", v)
        }
        func withInterval(_ v: Double?, _ i: Interval?) -> String {
            guard let i else { return f(v) }
            return "\(f(v)) [\(f(i.low)), \(f(i.high))]"
        }
        func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
            s.count >= n ? s : (right ? String(repeating: " ", count: n - s.count) + s : s + String(repeating: " ", count: n - s.count))
        }
        var lines = [pad("figure", 30) + pad("base", 26) + pad("new", 26) + pad("change", 30) + "verdict"]
        for r in rows {
            var change = "–"
            if let d = r.difference {
                change = r.relativeChange.map { String(format: "%+.1f%%", $0 * 100) } ?? String(format: "%+.2f", d)
                if let i = r.differenceInterval { change += " [\(String(format: "%+.2f", i.low)), \(String(format: "%+.2f", i.high))]" }
            }
            let label = r.figure.unit.isEmpty ? r.figure.label : "\(r.figure.label) (\(r.figure.unit))"
            lines.append(pad(label, 30) + pad(withInterval(r.base, r.baseInterval), 26) + pad(withInterval(r.new, r.newInterval), 26)
                         + pad(change, 30) + (r.verdict == .regression ? "REGRESSION" : r.verdict.rawValue))
        }
        let perFigure = 100 - (1 - confidence) * 100 / Double(rows.count)
        lines.append("intervals: \(String(format: "%g", perFigure))% per figure, \(String(format: "%g", confidence * 100))% for the whole comparison (bootstrap); a regression is worse by more than \(String(format: "%g", maxRegression * 100))% and outside the noise")
        lines.append("base: \(baseName)\nnew:  \(newName)")
        return lines.joined(separator: "\n")
    }
}
