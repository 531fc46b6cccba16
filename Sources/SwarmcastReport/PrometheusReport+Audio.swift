import SwarmcastSettings

/// metrics.prom's decoded-listener families (runs with `listeners.decode` only).
extension PrometheusReport {
    static func audioText(_ s: RunSummary) -> String {
        guard let a = s.audio else { return "" }
        typealias F = RunMetricFamilies
        let scenario = "scenario=\"\(escape(s.scenario))\""
        var out = ""
        func gauge(_ family: MetricFamily, _ samples: [(String, Double)]) {
            guard !samples.isEmpty else { return }
            out += family.header
            for (labels, value) in samples { out += "\(family.name){\(scenario)\(labels.isEmpty ? "" : "," + labels)} \(format(value))\n" }
        }
        gauge(F.audioDecodedListeners, [("", Double(a.decodedListeners))])
        gauge(F.audioFrames, [("", Double(a.frames))])
        gauge(F.audioConcealedRatio, [("", a.concealedRatio)])
        gauge(F.audioSilentRatio, [("", a.silentRatio)])
        gauge(F.audioMismatchedRatio, [("", a.mismatchedRatio)])
        if let m = a.match { gauge(F.audioMatch, [("quantile=\"0.05\"", m.p5), ("quantile=\"0.5\"", m.p50), ("quantile=\"0\"", m.min)]) }
        gauge(F.audioCauses, a.causes.keys.sorted().map { ("cause=\"\(escape($0))\"", Double(a.causes[$0]!)) })
        return out
    }
}
