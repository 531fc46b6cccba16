import SwarmcastMeasure
import Foundation
import SwarmcastSettings
/// metrics.prom: a run's final figures in Prometheus text format (for a pushgateway or a file
/// scrape), one family per figure with the scenario as a label.
public enum PrometheusReport {
    public static func text(_ s: RunSummary) -> String {
        typealias F = RunMetricFamilies
        var out = ""
        let scenario = "scenario=\"\(escape(s.scenario))\""
        func gauge(_ family: MetricFamily, _ samples: [(String, Double?)]) {
            let present = samples.compactMap { l, v in v.map { (l, $0) } }
            guard !present.isEmpty else { return }
            out += family.header
            for (labels, value) in present {
                out += "\(family.name){\(scenario)\(labels.isEmpty ? "" : "," + labels)} \(format(value))\n"
            }
        }
        func quantiles(_ p: PercentilesMillis?) -> [(String, Double?)] {
            guard let p else { return [] }
            return [("quantile=\"0.5\"", p.p50 / 1000), ("quantile=\"0.9\"", p.p90 / 1000), ("quantile=\"0.99\"", p.p99 / 1000),
                    ("quantile=\"0.999\"", p.p999 / 1000), ("quantile=\"1\"", p.max / 1000)]
        }
        gauge(F.complete, [("", s.complete ? 1 : 0)])
        gauge(F.durationSeconds, [("", s.durationSeconds)])
        gauge(F.listenersPeak, [("", Double(s.listeners.peak))])
        gauge(F.listenersTarget, [("", Double(s.listeners.target))])
        gauge(F.delaySeconds, quantiles(s.delay))
        gauge(F.firstAudioSeconds, quantiles(s.firstAudio))
        gauge(F.connectSeconds, quantiles(s.connect))
        gauge(F.playlistStalenessSeconds, quantiles(s.playlistStaleness))
        gauge(F.segmentFetchSeconds, quantiles(s.segmentFetch))
        let splits = [s.delayByTier, s.hlsDelayByTier].compactMap { $0 }
        gauge(F.delayTierSeconds, splits.flatMap { d in
            ([d.endToEnd] + d.tiers).flatMap { t in
                [("path=\"\(d.path)\",tier=\"\(t.name)\",quantile=\"0.5\"", t.p50Ms / 1000), ("path=\"\(d.path)\",tier=\"\(t.name)\",quantile=\"0.99\"", t.p99Ms / 1000)]
            }
        })
        gauge(F.delayTierMeanSeconds, splits.flatMap { d in ([d.endToEnd] + d.tiers).map { ("path=\"\(d.path)\",tier=\"\($0.name)\"", $0.meanMs / 1000) } })
        gauge(F.delayTierClockBoundSeconds, splits.map { ("path=\"\($0.path)\"", $0.clockBoundMs.map { $0 / 1000 }) })
        gauge(F.framesReceived, [("", Double(s.counters.framesReceived))])
        gauge(F.framesLost, [("", Double(s.counters.framesLost))])
        gauge(F.framesLate, [("", Double(s.counters.framesLate))])
        gauge(F.stalls, [("", Double(s.counters.stalls))])
        gauge(F.connectsStarted, [("", Double(s.counters.connectsStarted))])
        gauge(F.failureRate, [("", s.failureRate)])
        gauge(F.failures, s.failuresByCause.keys.sorted().map { ("cause=\"\(escape($0))\"", Double(s.failuresByCause[$0]!)) })
        gauge(F.agentsLost, [("", Double(s.agents.lost))])
        gauge(F.generatorSaturatedSeconds, [("", s.generator.map { Double($0.saturatedSeconds) })])
        gauge(F.generatorCpuMaxRatio, [("", s.generator.map { $0.cpuMax / 100 })])
        gauge(F.generatorLoopLagP99Seconds, [("", s.generator.map { $0.loopLagP99Ms / 1000 })])
        gauge(F.thresholdPassed, s.thresholds.map { ("metric=\"\(escape($0.metric))\",condition=\"\(escape($0.condition))\"", $0.passed ? 1 : 0) })
        return out + audioText(s)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
