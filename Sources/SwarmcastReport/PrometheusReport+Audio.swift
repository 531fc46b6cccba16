/// metrics.prom's decoded-listener families (runs with `listeners.decode` only).
extension PrometheusReport {
    static func audioText(_ s: RunSummary) -> String {
        guard let a = s.audio else { return "" }
        let scenario = "scenario=\"\(escape(s.scenario))\""
        var out = ""
        func gauge(_ name: String, _ help: String, _ samples: [(String, Double)]) {
            guard !samples.isEmpty else { return }
            out += "# HELP swarmcast_run_audio_\(name) \(help)\n# TYPE swarmcast_run_audio_\(name) gauge\n"
            for (labels, value) in samples {
                out += "swarmcast_run_audio_\(name){\(scenario)\(labels.isEmpty ? "" : "," + labels)} \(format(value))\n"
            }
        }
        gauge("decoded_listeners", "Listeners that decoded their audio.", [("", Double(a.decodedListeners))])
        gauge("frames", "Frames decoded listeners decoded (concealed included).", [("", Double(a.frames))])
        gauge("concealed_ratio", "Concealed (packet loss concealment) over decoded frames.", [("", a.concealedRatio)])
        gauge("silent_ratio", "Frames silent where the source speaks, over decoded frames.", [("", a.silentRatio)])
        gauge("mismatched_ratio", "Frames matching the source worse than 0.9, over frames compared.", [("", a.mismatchedRatio)])
        if let m = a.match {
            gauge("match", "Signal match per listener-second (0 to 1).", [("quantile=\"0.05\"", m.p5), ("quantile=\"0.5\"", m.p50), ("quantile=\"0\"", m.min)])
        }
        gauge("causes", "Mismatched frames by what they sounded like.", a.causes.keys.sorted().map { ("cause=\"\(escape($0))\"", Double(a.causes[$0]!)) })
        return out
    }
}
