import Foundation

/// Two runs side by side, and whether the second is worse than the first by more than allowed.
public struct RunComparison: Sendable {
    public struct Row: Sendable, Equatable {
        public var figure: String
        public var base: Double?
        public var new: Double?
        /// True when a larger value is worse (latency, failures), false when better (listeners).
        public var largerIsWorse: Bool
        public var regressed: Bool
    }

    public var rows: [Row]
    public var regressed: Bool { rows.contains { $0.regressed } }

    /// Compares the headline figures; `maxRegression` is a fraction (0.1 = 10%). Latencies get a
    /// 1 ms allowance and counts an allowance of 1, so that zero-versus-tiny noise is no regression.
    public init(base: RunSummary, new: RunSummary, maxRegression: Double) {
        func row(_ name: String, _ b: Double?, _ n: Double?, largerIsWorse: Bool = true, slack: Double) -> Row {
            var regressed = false
            if let b, let n {
                regressed = largerIsWorse ? n > b * (1 + maxRegression) + slack : n < b * (1 - maxRegression) - slack
            } else if b != nil && n == nil {
                regressed = true
            }
            return Row(figure: name, base: b, new: n, largerIsWorse: largerIsWorse, regressed: regressed)
        }
        rows = [
            row("delay p50 (ms)", base.delay?.p50, new.delay?.p50, slack: 1),
            row("delay p99 (ms)", base.delay?.p99, new.delay?.p99, slack: 1),
            row("delay max (ms)", base.delay?.max, new.delay?.max, slack: 5),
            row("first audio p95 (ms)", base.firstAudio?.p95, new.firstAudio?.p95, slack: 1),
            row("listeners peak", Double(base.listeners.peak), Double(new.listeners.peak), largerIsWorse: false, slack: 0),
            row("failure rate (%)", base.failureRate * 100, new.failureRate * 100, slack: 0.01),
            row("frames lost", Double(base.counters.framesLost), Double(new.counters.framesLost), slack: 1),
            row("stalls", Double(base.counters.stalls), Double(new.counters.stalls), slack: 1),
        ]
    }

    /// A fixed-width table for terminals and CI logs.
    public func table(baseName: String, newName: String) -> String {
        func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "–" }
        func left(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func right(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        func line(_ a: String, _ b: String, _ c: String, _ d: String, _ e: String) -> String {
            "\(left(a, 22)) \(right(b, 14)) \(right(c, 14)) \(right(d, 9))  \(e)"
        }
        var lines = [line("figure", "base", "new", "change", "verdict")]
        for r in rows {
            var change = "–"
            if let b = r.base, let n = r.new, b != 0 { change = String(format: "%+.1f%%", (n - b) / b * 100) }
            lines.append(line(r.figure, f(r.base), f(r.new), change, r.regressed ? "REGRESSION" : "ok"))
        }
        lines.append("base: \(baseName)\nnew:  \(newName)")
        return lines.joined(separator: "\n")
    }
}
