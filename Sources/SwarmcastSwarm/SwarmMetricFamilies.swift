import SwarmcastSettings

/// Every family the swarm's live `/metrics` (`swarm --metrics`, `run --metrics`) exports,
/// declared once: `SwarmMetrics` registers and writes them from these, and
/// `docs/reference/metrics.md` lists them.
public enum SwarmMetricFamilies {
    public static let listeners = MetricFamily("swarmcast_swarm_listeners", .gauge, "Listeners receiving audio now")
    public static let target = MetricFamily("swarmcast_swarm_listeners_target", .gauge, "Listeners the schedule wants now")
    public static let agents = MetricFamily("swarmcast_swarm_agents", .gauge, "Agent processes started")
    public static let second = MetricFamily("swarmcast_swarm_run_second", .gauge, "Seconds since the swarm's start (last merged second)")
    public static let connects = MetricFamily("swarmcast_swarm_connects_total", .counter, "Listener connections started")
    public static let welcomed = MetricFamily("swarmcast_swarm_welcomed_total", .counter, "Listener connections the server welcomed")
    public static let received = MetricFamily("swarmcast_swarm_frames_received_total", .counter, "Audio frames received")
    public static let lost = MetricFamily("swarmcast_swarm_frames_lost_total", .counter, "Audio frames lost (sequence gaps)")
    public static let late = MetricFamily("swarmcast_swarm_frames_late_total", .counter, "Audio frames later than the late bound")
    public static let stalls = MetricFamily("swarmcast_swarm_stalls_total", .counter, "Times a receiving listener heard nothing past the stall bound")
    public static let reconnects = MetricFamily("swarmcast_swarm_reconnects_total", .counter, "Listener reconnects")
    public static let failures = MetricFamily("swarmcast_swarm_failures_total", .counter, "Listener failures by cause", labels: ["cause"])
    public static let cpu = MetricFamily("swarmcast_swarm_generator_cpu_ratio", .gauge, "Busiest agent's CPU last second, in cores")
    public static let lag = MetricFamily("swarmcast_swarm_generator_loop_lag_seconds", .gauge, "Worst agent event-loop lag last second")
    public static let behind = MetricFamily("swarmcast_swarm_generator_behind_schedule_seconds", .gauge, "Worst agent lag behind the arrival schedule")
    public static let cpuWait = MetricFamily("swarmcast_swarm_generator_cpu_wait_ratio", .gauge, "Worst agent's share of last second spent waiting for a CPU")
    public static let openFiles = MetricFamily("swarmcast_swarm_generator_open_files", .gauge, "Most descriptors open in one agent")
    public static let openFilesLimit = MetricFamily("swarmcast_swarm_generator_open_files_limit", .gauge, "Agents' open-files limit")
    public static let saturated = MetricFamily("swarmcast_swarm_generator_saturated_seconds_total", .counter, "Seconds in which an agent was saturated")
    public static let portExhausted = MetricFamily("swarmcast_swarm_generator_port_exhausted_total", .counter, "Connects failed with EADDRNOTAVAIL")
    public static let load = MetricFamily("swarmcast_swarm_host_load1", .gauge, "Coordinator host's 1-minute load average (highest seen)")
    public static let memory = MetricFamily("swarmcast_swarm_host_memory_available_bytes", .gauge, "Coordinator host's MemAvailable (lowest seen)")
    public static let steal = MetricFamily("swarmcast_swarm_host_steal_ratio", .gauge, "Coordinator host's CPU steal time over the run")
    public static let delay = MetricFamily("swarmcast_swarm_delay_seconds", .histogram, "Speaker-to-ear delay of every frame received")
    public static let firstAudio = MetricFamily("swarmcast_swarm_first_audio_seconds", .histogram, "Connect start to first audio frame")
    /// HLS listeners only: absent from the page until the first playlist or segment arrives.
    public static let playlistStaleness = MetricFamily("swarmcast_swarm_playlist_staleness_seconds", .histogram, "HLS: age of a playlist's newest media on arrival")
    public static let segmentFetch = MetricFamily("swarmcast_swarm_segment_fetch_seconds", .histogram, "HLS: segment or part request sent to response complete")

    /// The latency histograms' bucket bounds, as the reference lists them.
    public static var latencyBucketsText: String { SwarmMetrics.latencyBuckets.map { "\($0)" }.joined(separator: ", ") }

    /// Every family, in registration order, then the histograms.
    public static var all: [MetricFamily] {
        [listeners, target, agents, second, connects, welcomed, received, lost, late, stalls, reconnects, failures, cpu, lag, behind,
         cpuWait, openFiles, openFilesLimit, saturated, portExhausted, load, memory, steal, delay, firstAudio, playlistStaleness, segmentFetch] + audio
    }
}
