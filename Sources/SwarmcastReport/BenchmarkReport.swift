import Foundation

/// benchmark.json: headline figures as `[{"name","unit","value"}]`, the custom-benchmark format
/// that CI benchmark dashboards (github-action-benchmark's customSmallerIsBetter/BiggerIsBetter) ingest.
public enum BenchmarkReport {
    public struct Entry: Codable, Equatable {
        public var name: String
        public var unit: String
        public var value: Double
    }

    public static func entries(_ s: RunSummary) -> [Entry] {
        var out: [Entry] = []
        let prefix = s.scenario
        if let d = s.delay {
            out.append(Entry(name: "\(prefix) delay p50", unit: "ms", value: d.p50))
            out.append(Entry(name: "\(prefix) delay p99", unit: "ms", value: d.p99))
            out.append(Entry(name: "\(prefix) delay max", unit: "ms", value: d.max))
        }
        if let f = s.firstAudio { out.append(Entry(name: "\(prefix) first audio p95", unit: "ms", value: f.p95)) }
        if let p = s.playlistStaleness { out.append(Entry(name: "\(prefix) playlist staleness p99", unit: "ms", value: p.p99)) }
        if let f = s.segmentFetch { out.append(Entry(name: "\(prefix) segment fetch p99", unit: "ms", value: f.p99)) }
        out.append(Entry(name: "\(prefix) listeners peak", unit: "listeners", value: Double(s.listeners.peak)))
        out.append(Entry(name: "\(prefix) failure rate", unit: "%", value: (s.failureRate * 100_000).rounded() / 1000))
        out.append(Entry(name: "\(prefix) frames lost", unit: "frames", value: Double(s.counters.framesLost)))
        if let c = s.costs {
            if let v = c.deliveriesPerSecond { out.append(Entry(name: "\(prefix) deliveries per second", unit: "deliveries/s", value: v)) }
            if let v = c.serverCPUSecondsPerMillionDeliveries { out.append(Entry(name: "\(prefix) server CPU per million deliveries", unit: "s", value: v)) }
            if let v = c.swarmCPUSecondsPerMillionDeliveries { out.append(Entry(name: "\(prefix) swarm CPU per million deliveries", unit: "s", value: v)) }
            if let v = c.serverBytesPerListener { out.append(Entry(name: "\(prefix) server bytes per listener", unit: "bytes", value: v)) }
            if let v = c.swarmBytesPerListener { out.append(Entry(name: "\(prefix) swarm bytes per listener", unit: "bytes", value: v)) }
        }
        return out
    }

    public static func json(_ s: RunSummary) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(entries(s)), as: UTF8.self) + "\n"
    }
}
