import Histogram
import SwarmcastMeasure

/// `--metrics`' decoded-listener families, written from the merged counts and match histogram
/// (absent until a decoded listener has decoded something).
extension SwarmMetrics {
    /// Match bounds (0 to 1) of the `swarmcast_swarm_audio_match` histogram.
    static let matchBuckets = [0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 1.0]

    static func audioText(_ a: SnapshotAggregator) -> String {
        let k = a.counters.audio
        guard !k.isEmpty else { return "" }
        var lines: [String] = []
        func counter(_ name: String, _ help: String, _ samples: [(String, Int)]) {
            lines += ["# HELP swarmcast_swarm_audio_\(name)_total \(help)", "# TYPE swarmcast_swarm_audio_\(name)_total counter"]
            lines += samples.map { "swarmcast_swarm_audio_\(name)_total\($0.0.isEmpty ? "" : "{\($0.0)}") \($0.1)" }
        }
        counter("frames", "Frames decoded listeners decoded (concealed included)", [("", k.frames)])
        counter("concealed", "Frames decoded listeners had to conceal", [("", k.concealed)])
        counter("silent", "Frames that decoded to silence where the source speaks", [("", k.silent)])
        counter("mismatched", "Frames matching the source worse than 0.9", [("", k.mismatched)])
        if !k.causes.isEmpty {
            counter("causes", "Mismatched frames by what they sounded like", k.causes.keys.sorted().map { ("cause=\"\($0)\"", k.causes[$0]!) })
        }
        lines += ["# HELP swarmcast_swarm_audio_decoded_listeners Listeners that decoded audio so far",
                  "# TYPE swarmcast_swarm_audio_decoded_listeners gauge", "swarmcast_swarm_audio_decoded_listeners \(k.listeners)"]
        let name = "swarmcast_swarm_audio_match"
        lines += ["# HELP \(name) Signal match of decoded listeners per listener-second (0 to 1)", "# TYPE \(name) histogram"]
        var sum = 0.0, count: UInt64 = 0
        var cumulative = Array(repeating: UInt64(0), count: matchBuckets.count)
        for bucket in a.audioMatch.recordedValues() {
            let match = Double(min(bucket.value, 1000)) / 1000
            sum += match * Double(bucket.count)
            count += bucket.count
            if let i = matchBuckets.firstIndex(where: { match <= $0 }) { cumulative[i] += bucket.count }
        }
        var running: UInt64 = 0
        for (i, bound) in matchBuckets.enumerated() {
            running += cumulative[i]
            lines.append("\(name)_bucket{le=\"\(bound)\"} \(running)")
        }
        lines += ["\(name)_bucket{le=\"+Inf\"} \(count)", "\(name)_sum \(sum)", "\(name)_count \(count)"]
        return lines.joined(separator: "\n") + "\n"
    }
}
