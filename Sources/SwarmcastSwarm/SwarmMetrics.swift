import Histogram
import Prometheus
import SwarmcastMeasure
import SwarmcastReport
import SwarmcastSettings

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
    typealias F = SwarmMetricFamilies
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
        listeners = r.makeGauge(F.listeners)
        target = r.makeGauge(F.target)
        agents = r.makeGauge(F.agents)
        second = r.makeGauge(F.second)
        connects = r.makeCounter(F.connects)
        welcomed = r.makeCounter(F.welcomed)
        received = r.makeCounter(F.received)
        lost = r.makeCounter(F.lost)
        late = r.makeCounter(F.late)
        stalls = r.makeCounter(F.stalls)
        reconnects = r.makeCounter(F.reconnects)
        cpu = r.makeGauge(F.cpu)
        lag = r.makeGauge(F.lag)
        behind = r.makeGauge(F.behind)
        cpuWait = r.makeGauge(F.cpuWait)
        openFiles = r.makeGauge(F.openFiles)
        openFilesLimit = r.makeGauge(F.openFilesLimit)
        saturated = r.makeCounter(F.saturated)
        portExhausted = r.makeCounter(F.portExhausted)
        load = r.makeGauge(F.load)
        memory = r.makeGauge(F.memory)
        steal = r.makeGauge(F.steal)
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
            let counter = failures[cause] ?? registry.makeCounter(name: F.failures.name, labels: [("cause", cause)],
                                                                   help: F.failures.help)
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
            + Self.histogram(F.delay, a.delay)
            + Self.histogram(F.firstAudio, a.firstAudio)
            // HLS listeners only: absent from the page until the first playlist or segment arrives.
            + (a.playlistStaleness.totalCount > 0
                ? Self.histogram(F.playlistStaleness, a.playlistStaleness) : "")
            + (a.segmentFetch.totalCount > 0
                ? Self.histogram(F.segmentFetch, a.segmentFetch) : "")
            + Self.audioText(a)
    }

    /// A Prometheus histogram from an HDR histogram in `LatencyUnit` (µs): cumulative counts at
    /// each bound, `+Inf`, `_sum` and `_count`.
    static func histogram(_ family: MetricFamily, _ h: LatencyHistogram) -> String {
        let name = family.name
        var cumulative = Array(repeating: UInt64(0), count: latencyBuckets.count)
        var sum = 0.0, count: UInt64 = 0
        for bucket in h.recordedValues() {
            let seconds = LatencyUnit.millis(units: Double(bucket.value)) / 1000
            sum += seconds * Double(bucket.count)
            count += bucket.count
            if let i = latencyBuckets.firstIndex(where: { seconds <= $0 }) { cumulative[i] += bucket.count }
        }
        var lines = ["# HELP \(name) \(family.help)", "# TYPE \(name) histogram"]
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

extension PrometheusCollectorRegistry {
    /// A gauge registered under a declared family's name and help.
    fileprivate func makeGauge(_ family: MetricFamily) -> Gauge { makeGauge(name: family.name, help: family.help) }
    /// A counter registered under a declared family's name and help.
    fileprivate func makeCounter(_ family: MetricFamily) -> Counter { makeCounter(name: family.name, help: family.help) }
}
