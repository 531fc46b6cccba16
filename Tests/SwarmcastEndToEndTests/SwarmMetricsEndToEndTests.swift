import Foundation
import SwarmcastLoop
import SwarmcastReport
import SwarmcastTestSupport
import Testing

/// `swarm --metrics` scraped by a real Prometheus, checked against the run's summary.json.
@Suite(.serialized)
struct SwarmMetricsEndToEndTests {
    /// Prometheus scrapes the swarm and the server every second during a 500-listener, 8 s run;
    /// its answers must agree with summary.json:
    /// - the listener peak exactly: it is held for over 5 s, so several scrapes see it;
    /// - the delay p50 (`histogram_quantile` over the last scraped cumulative buckets) to within
    ///   the width of the bucket that holds the summary's p50: Prometheus only knows which
    ///   bucket the quantile falls in and interpolates linearly inside it, while the summary
    ///   reads an HDR histogram at 0.1%; and the last scrape may miss the run's final second
    ///   (scrapes are 1 s apart and the endpoint closes with the run), which moves the rank by
    ///   at most one second's share of frames, well inside that bucket in a steady run.
    @Test func prometheusSeesWhatTheSummarySays() throws {
        guard FileManager.default.isExecutableFile(atPath: PrometheusProcess.binary) else {
            Issue.record("\(PrometheusProcess.binary) missing: run scripts/setup.sh (installs Debian's prometheus)")
            return
        }
        let server = try ServerProcess()
        let swarmMetrics = SocketAddress(host: "127.0.0.1", port: MetricsClient.freePort(host: "127.0.0.1") ?? 0)
        let prometheus = try PrometheusProcess(targets: ["swarm": swarmMetrics.description, "server": server.metrics.description])
        defer { prometheus.stop() }
        let out = SwarmEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try SwarmcastBinary.run(["swarm", "--server", server.listen.description, "--listeners", "500", "--ramp", "1s",
                                         "--duration", "8s", "--out", out.path, "--progress", "none", "--metrics", swarmMetrics.description])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try RunWriter.readSummary(out.appendingPathComponent("summary.json"))
        // Stale markers end the series once the swarm is gone: read the last scraped values.
        let peak = prometheus.query("max_over_time(swarmcast_swarm_listeners[5m])")
        #expect(peak == Double(s.listeners.peak), "prometheus \(String(describing: peak)), summary \(s.listeners.peak)")
        let connects = prometheus.query("max_over_time(swarmcast_swarm_connects_total[5m])")
        #expect(connects == Double(s.counters.connectsStarted))
        let p50 = try #require(prometheus.query("histogram_quantile(0.5, last_over_time(swarmcast_swarm_delay_seconds_bucket[5m]))"))
        let summaryP50 = try #require(s.delay?.p50) / 1000
        let buckets = [0] + SwarmMetricsBuckets.latency
        let upper = buckets.first { $0 >= summaryP50 } ?? buckets.last!
        let lower = buckets.last { $0 < summaryP50 } ?? 0
        #expect(abs(p50 - summaryP50) <= upper - lower, "prometheus p50 \(p50) s, summary \(summaryP50) s, bucket \(lower)…\(upper)")
        // The server was scraped too, and counted the same listeners.
        #expect(prometheus.query("max_over_time(up{job=\"server\"}[5m])") == 1)
        #expect(prometheus.query("max_over_time(swarmcast_listeners_joined_total[5m])") == Double(s.counters.welcomed))
    }
}

/// The swarm's latency bucket bounds (seconds), as SwarmMetrics writes them.
enum SwarmMetricsBuckets {
    static let latency: [Double] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10]
}
