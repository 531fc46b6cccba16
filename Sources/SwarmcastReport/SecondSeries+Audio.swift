import Histogram
import SwarmcastMeasure

/// Decoded listeners' metrics over a window: counts from the rows' `audio`, the match from the
/// per-second match histograms added together.
extension SecondSeries {
    func audioValue(_ metric: String, seconds range: ClosedRange<Int>) -> Double? {
        if metric.hasPrefix("audio.match.") {
            var h = LatencyHistogram.latency()
            for second in range { if let x = audioMatch[second] { h.add(x) } }
            return MatchPercentiles(h)?.value(named: String(metric.dropFirst("audio.match.".count)))
        }
        var counts = AudioCounts()
        var any = false
        for second in range { if let a = rows[second]?.audio { counts.add(a); any = true } }
        guard any else { return nil }
        return AudioCounts.ratio(metric, counts)
    }
}

extension ThresholdEvaluator {
    /// A decoded-listener metric over the whole run (nil: no listener decoded).
    static func audioActual(_ metric: String, in s: RunSummary) -> Double? {
        guard let audio = s.audio else { return nil }
        if metric.hasPrefix("audio.match.") { return audio.match?.value(named: String(metric.dropFirst("audio.match.".count))) }
        return AudioCounts.ratio(metric, s.counters.audio)
    }
}

extension AudioCounts {
    /// `audio.concealed_ratio`, `audio.silent_ratio` or `audio.mismatched_ratio` of these counts.
    static func ratio(_ metric: String, _ c: AudioCounts) -> Double? {
        switch metric {
        case "audio.concealed_ratio": c.concealedRatio
        case "audio.silent_ratio": c.silentRatio
        case "audio.mismatched_ratio": c.scored > 0 ? Double(c.mismatched) / Double(c.scored) : nil
        default: nil
        }
    }
}
