/// What each threshold metric measures, for `docs/reference/thresholds.md`. Latency families
/// are described once for all their statistics (`delay` covers `delay.p99`, `delay.mean`, ...).
extension Threshold {
    public static let metricDocs: [String: String] = [
        "delay": "Receive time minus the frame's scheduled capture time, every audio frame (HLS: arrival of a segment or part minus its program date)",
        "first_audio": "Start of a listener's connect to its first audio frame (HLS: first segment or part)",
        "connect": "Start of a listener's connect to the TCP connection being established",
        "welcome": "Start of a listener's connect to WELCOME (HTTP: the 200; HLS: the first playlist)",
        "playlist.staleness": "HLS players: how old the newest media a player can use is when its playlist arrives",
        "segment_fetch": "HLS players: segment or part request sent to response complete (200 only)",
        "failures.rate": "Failures (rejects, unplanned disconnects, dropped arrivals) per connection started",
        "rejects.rate": "REJECTs (and HTTP error answers) per connection started",
        "disconnects.rate": "Unplanned disconnects per connection started",
        "frames.lost_rate": "Frames lost (sequence gaps) per frame received",
        "frames.late_rate": "Frames past the late bound per frame received",
        "rebuffer.ratio": "HLS players: stalled time over played plus stalled time",
        "failures.count": "Failures of every cause",
        "rejects.count": "REJECTs (and HTTP error answers)",
        "disconnects.count": "Unplanned disconnects",
        "dropped_arrivals.count": "Arrivals the schedule wanted but the swarm could not start on time",
        "frames.lost": "Frames lost (gaps in a speaker's sequence numbers)",
        "frames.late": "Frames whose delay passed the late bound (listeners.late_after)",
        "frames.received": "Frames received (HLS: segments and parts)",
        "stalls.count": "Times a receiving listener heard nothing past the stall bound (HLS: player rebuffers)",
        "reconnects.count": "Listener reconnects (listeners.reconnect: true)",
        "listeners.peak": "Most listeners receiving at once",
        "listeners.final": "Listeners still receiving when the run ended",
        "agents.lost": "Swarm agent processes lost during the run",
        "generator.saturated_seconds": "Seconds in which the swarm itself was saturated (its figures describe the generator, not the server)",
    ]

    /// The description of a metric: its own, or its latency family's.
    public static func doc(for metric: String) -> String? {
        metricDocs[metric] ?? audioMetricDocs[metric] ?? latencyParts(metric).flatMap { metricDocs[$0.family] }
    }
}
