import SwarmcastMeasure
import SwarmcastScenario

/// Measures each threshold's metric in a summary and says whether it held.
public enum ThresholdEvaluator {
    /// The value of a threshold metric in a run (nil when the run has no data for it).
    public static func actual(_ metric: String, in s: RunSummary) -> Double? {
        let c = s.counters
        func ratio(_ n: Int, _ d: Int) -> Double { d > 0 ? Double(n) / Double(d) : 0 }
        if metric.hasPrefix("audio.") { return audioActual(metric, in: s) }
        switch metric {
        case "failures.rate": return s.failureRate
        case "rejects.rate": return ratio(c.rejects.values.reduce(0, +), c.connectsStarted)
        case "disconnects.rate": return ratio(c.disconnects.values.reduce(0, +), c.connectsStarted)
        case "frames.lost_rate": return ratio(c.framesLost, c.framesReceived + c.framesLost)
        case "frames.late_rate": return ratio(c.framesLate, c.framesReceived)
        case "rebuffer.ratio": return c.rebufferRatio
        case "failures.count": return Double(c.failures)
        case "rejects.count": return Double(c.rejects.values.reduce(0, +))
        case "disconnects.count": return Double(c.disconnects.values.reduce(0, +))
        case "dropped_arrivals.count": return Double(c.droppedArrivals.values.reduce(0, +))
        case "frames.lost": return Double(c.framesLost)
        case "frames.late": return Double(c.framesLate)
        case "frames.received": return Double(c.framesReceived)
        case "stalls.count": return Double(c.stalls)
        case "reconnects.count": return Double(c.reconnects)
        case "listeners.peak": return Double(s.listeners.peak)
        case "listeners.final": return Double(s.listeners.final)
        case "agents.lost": return Double(s.agents.lost)
        case "generator.saturated_seconds": return s.generator.map { Double($0.saturatedSeconds) }
        default:
            guard let (name, statistic) = Threshold.latencyParts(metric) else { return nil }
            // playlist.staleness and segment_fetch are nil in a run without HLS listeners: no data, a failure.
            let family: PercentilesMillis? = switch name {
            case "delay": s.delay
            case "first_audio": s.firstAudio
            case "connect": s.connect
            case "welcome": s.welcome
            case "playlist.staleness": s.playlistStaleness
            case "segment_fetch": s.segmentFetch
            default: nil
            }
            return family?.value(named: statistic)
        }
    }

    /// Every threshold with its measured value; a metric without data fails. A delay threshold
    /// whose margin (actual to limit) is smaller than the clock bound is `inconclusive`: the
    /// clocks may be off by that much either way, so it is not reported as a pass.
    ///
    /// A windowed threshold (`window: 10s`) is judged on every window of `series` and reports its
    /// worst window (`WindowEvaluator`); without a series it has no data and fails.
    public static func evaluate(_ thresholds: [Threshold], on s: RunSummary, series: SecondSeries? = nil) -> [ThresholdResult] {
        thresholds.map { t in
            var result: ThresholdResult
            if let w = t.windowSeconds {
                result = series.map { WindowEvaluator.judge(t, on: $0) }
                    ?? ThresholdResult(metric: t.metric, condition: t.condition, actual: nil, passed: false)
                result.windowSeconds = w
            } else {
                let value = actual(t.metric, in: s)
                result = ThresholdResult(metric: t.metric, condition: t.condition, actual: value, passed: value.map(t.holds) ?? false)
            }
            if let value = result.actual, let bound = s.clock?.boundMs, bound > 0, t.metric.hasPrefix("delay."), abs(value - t.bound) < bound {
                result.passed = false
                result.verdict = "inconclusive"
            }
            return result
        }
    }
}
