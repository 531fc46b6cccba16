/// Which threshold metrics can be judged per window: those the run keeps a per-second series
/// of (a per-second histogram for latencies, a per-second count for the rest).
///
/// connect and welcome latencies, reconnects, lost agents and the rebuffer ratio are only kept
/// for the whole run, so a `window` on them is refused when the scenario is read rather than
/// judged on nothing.
extension Threshold {
    public static func hasPerSecondSeries(_ metric: String) -> Bool {
        if let (family, _) = latencyParts(metric) { return windowedLatencyFamilies.contains(family) }
        return windowedCounts.contains(metric) || audioMetrics.contains(metric)
    }

    /// Latency families with a per-second histogram.
    public static let windowedLatencyFamilies: Set<String> = ["delay", "first_audio", "playlist.staleness", "segment_fetch"]

    /// Count and rate metrics with a per-second series (timeline.csv columns).
    public static let windowedCounts: Set<String> = [
        "failures.rate", "rejects.rate", "disconnects.rate", "frames.lost_rate", "frames.late_rate",
        "failures.count", "rejects.count", "disconnects.count", "dropped_arrivals.count", "frames.lost", "frames.late",
        "frames.received", "stalls.count", "listeners.peak", "listeners.final", "generator.saturated_seconds",
    ]

    /// How the threshold reads in messages: `delay.p99 < 250ms` (with `per 10s window` when windowed).
    public var label: String {
        "\(metric) \(condition)" + (windowSeconds.map { " per \($0)s window" } ?? "")
    }
}
