import Histogram
import SwarmcastMeasure
import SwarmcastSettings

/// `--metrics`' decoded-listener families, written from the merged counts and match histogram
/// (absent until a decoded listener has decoded something).
extension SwarmMetrics {
    /// Match bounds (0 to 1) of the `swarmcast_swarm_audio_match` histogram.
    static let matchBuckets = [0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 1.0]

    static func audioText(_ a: SnapshotAggregator) -> String {
        typealias F = SwarmMetricFamilies
        let k = a.counters.audio
        guard !k.isEmpty else { return "" }
        var out = ""
        func sample(_ family: MetricFamily, _ samples: [(String, Int)]) {
            guard !samples.isEmpty else { return }
            out += family.header + samples.map { "\(family.name)\($0.0.isEmpty ? "" : "{\($0.0)}") \($0.1)\n" }.joined()
        }
        sample(F.audioFrames, [("", k.frames)])
        sample(F.audioConcealed, [("", k.concealed)])
        sample(F.audioSilent, [("", k.silent)])
        sample(F.audioMismatched, [("", k.mismatched)])
        sample(F.audioCauses, k.causes.keys.sorted().map { ("cause=\"\($0)\"", k.causes[$0]!) })
        sample(F.audioDecodedListeners, [("", k.listeners)])
        var sum = 0.0, count: UInt64 = 0
        var cumulative = Array(repeating: UInt64(0), count: matchBuckets.count)
        for bucket in a.audioMatch.recordedValues() {
            let match = Double(min(bucket.value, 1000)) / 1000
            sum += match * Double(bucket.count)
            count += bucket.count
            if let i = matchBuckets.firstIndex(where: { match <= $0 }) { cumulative[i] += bucket.count }
        }
        let name = F.audioMatch.name
        out += F.audioMatch.header
        var running: UInt64 = 0
        for (i, bound) in matchBuckets.enumerated() {
            running += cumulative[i]
            out += "\(name)_bucket{le=\"\(bound)\"} \(running)\n"
        }
        return out + "\(name)_bucket{le=\"+Inf\"} \(count)\n\(name)_sum \(sum)\n\(name)_count \(count)\n"
    }
}
