import Histogram
import Prometheus
import SwarmcastMeasure
import SwarmcastReport

/// The swarm's live figures in the Prometheus text format, rebuilt once a second from the
/// merged agent snapshots and served as they are by `--metrics` (a scrape never computes).
///
/// Counters and gauges live in a swift-prometheus registry. The two latency histograms do not:
/// swift-prometheus's `Histogram` takes one `record(value)` per sample (a lock and a bucket
/// scan each), while the swarm's samples arrive as per-second HDR bucket counts, one per audio
/// frame: millions a second at scale, which would cost the coordinator's loop more than the
/// second it has. They are written here from the run's merged HDR histogram instead: each
/// `le` bucket is the exact count of recorded values at or below it (to HDR's 0.1% precision).
final class SwarmMetrics {
    let registry = PrometheusCollectorRegistry()
    private let listeners, target, agents, second: Gauge
    private let cpu, lag, behind, cpuWait, openFiles, openFilesLimit, load, memory, steal: Gauge
    private let connects, welcomed, received, lost, late, stalls, reconnects, saturated, portExhausted: Counter
    private var failures: [String: Counter] = [:]
    private var previous = SwarmCounters()
    private var previousSaturated = 0
    private var previousPortExhausted = 0
    /// The whole text, as the last update left it.
    private(set) var text = ""

    /// Latency bucket bounds (seconds): fine below a second, where delay thresholds sit.
    static let latencyBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10]

    init() {
        let r = registry
        listeners = r.makeGauge(name: "swarmcast_swarm_listeners", help: "Listeners receiving audio now")
        target = r.makeGauge(name: "swarmcast_swarm_listeners_target", help: "Listeners the schedule wants now")
        agents = r.makeGauge(name: "swarmcast_swarm_agents", help: "Agent processes started")
        second = r.makeGauge(name: "swarmcast_swarm_run_second", help: "Seconds since the swarm's start (last merged second)")
        connects = r.makeCounter(name: "swarmcast_swarm_connects_total", help: "Listener connections started")
        welcomed = r.makeCounter(name: "swarmcast_swarm_welcomed_total", help: "Listener connections the server welcomed")
        received = r.makeCounter(name: "swarmcast_swarm_frames_received_total", help: "Audio frames received")
        lost = r.makeCounter(name: "swarmcast_swarm_frames_lost_total", help: "Audio frames lost (sequence gaps)")
        late = r.makeCounter(name: "swarmcast_swarm_frames_late_total", help: "Audio frames later than the late bound")
        stalls = r.makeCounter(name: "swarmcast_swarm_stalls_total", help: "Times a receiving listener heard nothing past the stall bound")
        reconnects = r.makeCounter(name: "swarmcast_swarm_reconnects_total", help: "Listener reconnects")
        cpu = r.makeGauge(name: "swarmcast_swarm_generator_cpu_ratio", help: "Busiest agent's CPU last second, in cores")
        lag = r.makeGauge(name: "swarmcast_swarm_generator_loop_lag_seconds", help: "Worst agent event-loop lag last second")
        behind = r.makeGauge(name: "swarmcast_swarm_generator_behind_schedule_seconds", help: "Worst agent lag behind the arrival schedule")
        cpuWait = r.makeGauge(name: "swarmcast_swarm_generator_cpu_wait_ratio", help: "Worst agent's share of last second spent waiting for a CPU")
        openFiles = r.makeGauge(name: "swarmcast_swarm_generator_open_files", help: "Most descriptors open in one agent")
        openFilesLimit = r.makeGauge(name: "swarmcast_swarm_generator_open_files_limit", help: "Agents' open-files limit")
        saturated = r.makeCounter(name: "swarmcast_swarm_generator_saturated_seconds_total", help: "Seconds in which an agent was saturated")
        portExhausted = r.makeCounter(name: "swarmcast_swarm_generator_port_exhausted_total", help: "Connects failed with EADDRNOTAVAIL")
        load = r.makeGauge(name: "swarmcast_swarm_host_load1", help: "Coordinator host's 1-minute load average (highest seen)")
        memory = r.makeGauge(name: "swarmcast_swarm_host_memory_available_bytes", help: "Coordinator host's MemAvailable (lowest seen)")
        steal = r.makeGauge(name: "swarmcast_swarm_host_steal_ratio", help: "Coordinator host's CPU steal time over the run")
    }

    /// Brings every figure up to the aggregator's latest second.
    func update(_ a: SnapshotAggregator, row: TimelineRow, agentCount: Int, host: HostFigures) {
        let k = a.counters
        listeners.set(Double(a.live))
        target.set(Double(a.target))
        agents.set(Double(agentCount))
        second.set(Double(row.second))
        func add(_ c: Counter, _ now: Int, _ before: Int) { if now > before { c.increment(by: Int64(now - before)) } }
        add(connects, k.connectsStarted, previous.connectsStarted)
        add(welcomed, k.welcomed, previous.welcomed)
        add(received, k.framesReceived, previous.framesReceived)
        add(lost, k.framesLost, previous.framesLost)
        add(late, k.framesLate, previous.framesLate)
        add(stalls, k.stalls, previous.stalls)
        add(reconnects, k.reconnects, previous.reconnects)
        let before = previous.failuresByCause
        for (cause, n) in k.failuresByCause {
            let counter = failures[cause] ?? registry.makeCounter(name: "swarmcast_swarm_failures_total", labels: [("cause", cause)],
                                                                   help: "Listener failures by cause")
            failures[cause] = counter
            add(counter, n, before[cause] ?? 0)
        }
        previous = k
        let g = a.generator
        let saturatedNow = g.seconds.values.filter(\.saturated).count
        add(saturated, saturatedNow, previousSaturated)
        previousSaturated = saturatedNow
        let ports = g.portExhausted.values.reduce(0, +)
        add(portExhausted, ports, previousPortExhausted)
        previousPortExhausted = ports
        if let worst = g.seconds[row.second]?.worst {
            cpu.set(Double(worst.cpuPermille) / 1000)
            lag.set(Double(worst.loopLagMicros) / 1e6)
            behind.set(Double(worst.behindScheduleMillis) / 1000)
            cpuWait.set(Double(worst.runQueueWaitPermille) / 1000)
            openFiles.set(Double(worst.openFiles))
            openFilesLimit.set(Double(worst.openFilesLimit))
        }
        if let l = host.loadAverageMax { load.set(l) }
        if let m = host.memoryAvailableMinBytes { memory.set(Double(m)) }
        if let s = host.stealPercent { steal.set(s / 100) }
        text = registry.emitToString()
            + Self.histogram("swarmcast_swarm_delay_seconds", help: "Speaker-to-ear delay of every frame received", a.delay)
            + Self.histogram("swarmcast_swarm_first_audio_seconds", help: "Connect start to first audio frame", a.firstAudio)
            // HLS listeners only: absent from the page until the first playlist or segment arrives.
            + (a.playlistStaleness.totalCount > 0
                ? Self.histogram("swarmcast_swarm_playlist_staleness_seconds", help: "HLS: age of a playlist's newest media on arrival", a.playlistStaleness) : "")
            + (a.segmentFetch.totalCount > 0
                ? Self.histogram("swarmcast_swarm_segment_fetch_seconds", help: "HLS: segment or part request sent to response complete", a.segmentFetch) : "")
            + Self.audioText(a)
    }

    /// A Prometheus histogram from an HDR histogram in `LatencyUnit` (µs): cumulative counts at
    /// each bound, `+Inf`, `_sum` and `_count`.
    static func histogram(_ name: String, help: String, _ h: LatencyHistogram) -> String {
        var cumulative = Array(repeating: UInt64(0), count: latencyBuckets.count)
        var sum = 0.0, count: UInt64 = 0
        for bucket in h.recordedValues() {
            let seconds = LatencyUnit.millis(units: Double(bucket.value)) / 1000
            sum += seconds * Double(bucket.count)
            count += bucket.count
            if let i = latencyBuckets.firstIndex(where: { seconds <= $0 }) { cumulative[i] += bucket.count }
        }
        var lines = ["# HELP \(name) \(help)", "# TYPE \(name) histogram"]
        var running: UInt64 = 0
        for (i, bound) in latencyBuckets.enumerated() {
            running += cumulative[i]
            lines.append("\(name)_bucket{le=\"\(bound)\"} \(running)")
        }
        lines.append("\(name)_bucket{le=\"+Inf\"} \(count)")
        lines.append("\(name)_sum \(sum)")
        lines.append("\(name)_count \(count)")
        return lines.joined(separator: "\n") + "\n"
    }
}
