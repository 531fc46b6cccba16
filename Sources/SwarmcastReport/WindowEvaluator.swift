import SwarmcastScenario

/// Judges a windowed threshold (`window: 10s`) on every window of a run, sliding by one second,
/// and reports the worst window: the largest value for `<`/`<=`, the smallest for `>`/`>=`,
/// the first failing one for `==`.
///
/// Windows start after `ignore_first`: with `window: W, ignore_first: I` the windows are seconds
/// I+1…I+W, I+2…I+W+1, … up to the last second. A run shorter than I+W is judged on the one
/// clipped window it has (I+1 to its end), so a short run is not passed for want of windows.
public enum WindowEvaluator {
    /// The worst window of `t` among those ending in `ends` (all of them when nil); `clipped`
    /// allows the one short window of a run shorter than a window.
    public static func judge(_ t: Threshold, on series: SecondSeries, ends: ClosedRange<Int>? = nil,
                             allowClipped: Bool = true) -> ThresholdResult {
        let w = t.windowSeconds ?? 1
        let last = series.lastSecond
        let firstEnd = t.ignoreFirstSeconds + w
        var windows: [ClosedRange<Int>] = []
        if last >= firstEnd {
            let range = ends.map { max($0.lowerBound, firstEnd)...min($0.upperBound, last) } ?? firstEnd...last
            if !range.isEmpty { windows = range.map { ($0 - w + 1)...$0 } }
        } else if allowClipped && last > t.ignoreFirstSeconds {
            windows = [(t.ignoreFirstSeconds + 1)...last]
        }
        var worst: (value: Double, start: Int)?
        for window in windows {
            guard let v = series.value(t.metric, seconds: window) else { continue }
            if let current = worst, !isWorse(v, than: current.value, t) { continue }
            worst = (v, window.lowerBound)
            if t.comparison == .equal && !t.holds(for: v) { break }
        }
        var result = ThresholdResult(metric: t.metric, condition: t.condition, actual: worst?.value,
                                     passed: worst.map { t.holds(for: $0.value) } ?? false)
        result.windowSeconds = w
        result.worstWindowStartSecond = worst?.start
        return result
    }

    static func isWorse(_ v: Double, than current: Double, _ t: Threshold) -> Bool {
        switch t.comparison {
        case .less, .lessOrEqual: v > current
        case .greater, .greaterOrEqual: v < current
        case .equal: !t.holds(for: v) && t.holds(for: current)
        }
    }

    /// The first `abort_on_fail` threshold failing on a window that ended in `ends` and after
    /// its `delay_abort_eval`: what stops a run early. Only whole windows count, and a window
    /// without data (no frame received yet) never aborts.
    public static func abortingThreshold(_ thresholds: [Threshold], on series: SecondSeries, ends: ClosedRange<Int>) -> Threshold? {
        for t in thresholds where t.abortOnFail && t.windowSeconds != nil {
            let from = max(ends.lowerBound, t.delayAbortEvalSeconds)
            guard from <= ends.upperBound else { continue }
            let r = judge(t, on: series, ends: from...ends.upperBound, allowClipped: false)
            if r.actual != nil && !r.passed { return t }
        }
        return nil
    }
}
