import SwarmcastMeasure
import Foundation
/// metrics.prom: a run's final figures in Prometheus text format (for a pushgateway or a file
/// scrape), one family per figure with the scenario as a label.
public enum PrometheusReport {
    public static func text(_ s: RunSummary) -> String {
        var out = ""
        let scenario = "scenario=\"\(escape(s.scenario))\""
        func gauge(_ name: String, _ help: String, _ samples: [(String, Double?)]) {
            let present = samples.compactMap { l, v in v.map { (l, $0) } }
            guard !present.isEmpty else { return }
            out += "# HELP swarmcast_run_\(name) \(help)\n# TYPE swarmcast_run_\(name) gauge\n"
            for (labels, value) in present {
                out += "swarmcast_run_\(name){\(scenario)\(labels.isEmpty ? "" : "," + labels)} \(format(value))\n"
            }
        }
        func quantiles(_ p: PercentilesMillis?) -> [(String, Double?)] {
            guard let p else { return [] }
            return [("quantile=\"0.5\"", p.p50 / 1000), ("quantile=\"0.9\"", p.p90 / 1000), ("quantile=\"0.99\"", p.p99 / 1000),
                    ("quantile=\"0.999\"", p.p999 / 1000), ("quantile=\"1\"", p.max / 1000)]
        }
        gauge("complete", "1 when the run completed, 0 when it was cut short.", [("", s.complete ? 1 : 0)])
        gauge("duration_seconds", "Wall-clock length of the run.", [("", s.durationSeconds)])
        gauge("listeners_peak", "Most listeners receiving at once.", [("", Double(s.listeners.peak))])
        gauge("listeners_target", "Most listeners the schedule asked for.", [("", Double(s.listeners.target))])
        gauge("delay_seconds", "Speaker-to-ear delay of received frames.", quantiles(s.delay))
        gauge("first_audio_seconds", "Connect start to first audio frame.", quantiles(s.firstAudio))
        gauge("connect_seconds", "Connect start to TCP established.", quantiles(s.connect))
        gauge("playlist_staleness_seconds", "HLS: age of a playlist's newest media on arrival.", quantiles(s.playlistStaleness))
        gauge("segment_fetch_seconds", "HLS: segment or part request sent to response complete.", quantiles(s.segmentFetch))
        gauge("frames_received", "Audio frames received.", [("", Double(s.counters.framesReceived))])
        gauge("frames_lost", "Audio frames missing from sequences.", [("", Double(s.counters.framesLost))])
        gauge("frames_late", "Audio frames later than the late bound.", [("", Double(s.counters.framesLate))])
        gauge("stalls", "Times a listener heard nothing past the stall bound.", [("", Double(s.counters.stalls))])
        gauge("connects_started", "Connections started.", [("", Double(s.counters.connectsStarted))])
        gauge("failure_rate", "Failures divided by connections started.", [("", s.failureRate)])
        gauge("failures", "Failures by cause.", s.failuresByCause.keys.sorted().map { ("cause=\"\(escape($0))\"", Double(s.failuresByCause[$0]!)) })
        gauge("agents_lost", "Swarm agents lost during the run.", [("", Double(s.agents.lost))])
        gauge("generator_saturated_seconds", "Seconds in which the swarm itself was saturated.", [("", s.generator.map { Double($0.saturatedSeconds) })])
        gauge("generator_cpu_max_ratio", "Busiest agent-second's CPU, in cores.", [("", s.generator.map { $0.cpuMax / 100 })])
        gauge("generator_loop_lag_p99_seconds", "99th percentile of the agents' per-second loop lag.", [("", s.generator.map { $0.loopLagP99Ms / 1000 })])
        gauge("threshold_passed", "1 when the threshold held.", s.thresholds.map { ("metric=\"\(escape($0.metric))\",condition=\"\(escape($0.condition))\"", $0.passed ? 1 : 0) })
        return out + audioText(s)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
