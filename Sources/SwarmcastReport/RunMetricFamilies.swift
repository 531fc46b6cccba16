import SwarmcastSettings

/// Every family of a run directory's `metrics.prom` (all gauges, each sample labelled with the
/// scenario), declared once: `PrometheusReport` writes them from these, and
/// `docs/reference/metrics.md` lists them.
public enum RunMetricFamilies {
    public static let complete = MetricFamily("swarmcast_run_complete", .gauge, "1 when the run completed, 0 when it was cut short.", labels: ["scenario"])
    public static let durationSeconds = MetricFamily("swarmcast_run_duration_seconds", .gauge, "Wall-clock length of the run.", labels: ["scenario"])
    public static let listenersPeak = MetricFamily("swarmcast_run_listeners_peak", .gauge, "Most listeners receiving at once.", labels: ["scenario"])
    public static let listenersTarget = MetricFamily("swarmcast_run_listeners_target", .gauge, "Most listeners the schedule asked for.", labels: ["scenario"])
    public static let delaySeconds = MetricFamily("swarmcast_run_delay_seconds", .gauge, "Speaker-to-ear delay of received frames.", labels: ["scenario", "quantile"])
    public static let firstAudioSeconds = MetricFamily("swarmcast_run_first_audio_seconds", .gauge, "Connect start to first audio frame.", labels: ["scenario", "quantile"])
    public static let connectSeconds = MetricFamily("swarmcast_run_connect_seconds", .gauge, "Connect start to TCP established.", labels: ["scenario", "quantile"])
    public static let playlistStalenessSeconds = MetricFamily("swarmcast_run_playlist_staleness_seconds", .gauge, "HLS: age of a playlist's newest media on arrival.", labels: ["scenario", "quantile"])
    public static let segmentFetchSeconds = MetricFamily("swarmcast_run_segment_fetch_seconds", .gauge, "HLS: segment or part request sent to response complete.", labels: ["scenario", "quantile"])
    public static let delayTierSeconds = MetricFamily("swarmcast_run_delay_tier_seconds", .gauge, "Delay by tier (native: ingest, origin, edgeN, last_mile; hls: packaging, discovery, fetch; end_to_end) of the frames split.", labels: ["scenario", "path", "tier", "quantile"])
    public static let delayTierMeanSeconds = MetricFamily("swarmcast_run_delay_tier_mean_seconds", .gauge, "Mean delay by tier (exact; the tiers' means add up to end_to_end's).", labels: ["scenario", "path", "tier"])
    public static let delayTierClockBoundSeconds = MetricFamily("swarmcast_run_delay_tier_clock_bound_seconds", .gauge, "How far clocks may have moved delay between tiers.", labels: ["scenario", "path"])
    public static let framesReceived = MetricFamily("swarmcast_run_frames_received", .gauge, "Audio frames received.", labels: ["scenario"])
    public static let framesLost = MetricFamily("swarmcast_run_frames_lost", .gauge, "Audio frames missing from sequences.", labels: ["scenario"])
    public static let framesLate = MetricFamily("swarmcast_run_frames_late", .gauge, "Audio frames later than the late bound.", labels: ["scenario"])
    public static let stalls = MetricFamily("swarmcast_run_stalls", .gauge, "Times a listener heard nothing past the stall bound.", labels: ["scenario"])
    public static let connectsStarted = MetricFamily("swarmcast_run_connects_started", .gauge, "Connections started.", labels: ["scenario"])
    public static let failureRate = MetricFamily("swarmcast_run_failure_rate", .gauge, "Failures divided by connections started.", labels: ["scenario"])
    public static let failures = MetricFamily("swarmcast_run_failures", .gauge, "Failures by cause.", labels: ["scenario", "cause"])
    public static let agentsLost = MetricFamily("swarmcast_run_agents_lost", .gauge, "Swarm agents lost during the run.", labels: ["scenario"])
    public static let generatorSaturatedSeconds = MetricFamily("swarmcast_run_generator_saturated_seconds", .gauge, "Seconds in which the swarm itself was saturated.", labels: ["scenario"])
    public static let generatorCpuMaxRatio = MetricFamily("swarmcast_run_generator_cpu_max_ratio", .gauge, "Busiest agent-second's CPU, in cores.", labels: ["scenario"])
    public static let generatorLoopLagP99Seconds = MetricFamily("swarmcast_run_generator_loop_lag_p99_seconds", .gauge, "99th percentile of the agents' per-second loop lag.", labels: ["scenario"])
    public static let thresholdPassed = MetricFamily("swarmcast_run_threshold_passed", .gauge, "1 when the threshold held.", labels: ["scenario", "metric", "condition"])

    /// Every family, in the order `metrics.prom` writes them (a family without data is left out).
    public static var all: [MetricFamily] {
        [complete, durationSeconds, listenersPeak, listenersTarget, delaySeconds, firstAudioSeconds, connectSeconds, playlistStalenessSeconds, segmentFetchSeconds, delayTierSeconds, delayTierMeanSeconds, delayTierClockBoundSeconds, framesReceived, framesLost, framesLate, stalls, connectsStarted, failureRate, failures, agentsLost, generatorSaturatedSeconds, generatorCpuMaxRatio, generatorLoopLagP99Seconds, thresholdPassed] + audio
    }
}
