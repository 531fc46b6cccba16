import SwarmcastSettings

/// What each edge relaying from this process (an origin's, or an edge's own edges) last pushed
/// over its relay connection. /metrics and /settings answer from this alone, never by asking an edge, so a stuck edge cannot stall them.
struct EdgeReports {
    struct Report {
        var samples: [String: Double]?
        var receivedAtNanos: UInt64 = 0
        var settings: BroadcastSettings?
    }

    private var reports: [Int: Report] = [:]

    /// Edge numbers that have reported anything.
    var indices: Set<Int> { Set(reports.keys) }

    subscript(edge: Int) -> Report? { reports[edge]?.samples == nil ? nil : reports[edge] }

    mutating func record(samples: [String: Double], edge: Int, now: UInt64) {
        reports[edge, default: Report()].samples = samples
        reports[edge, default: Report()].receivedAtNanos = now
    }

    /// The edge is gone for good: its figures leave the sums.
    mutating func forget(edge: Int) { reports.removeValue(forKey: edge) }

    mutating func record(settings: BroadcastSettings, edge: Int) {
        reports[edge, default: Report()].settings = settings
    }

    /// The settings each edge said it adopted, keyed by edge number as text (JSON object keys).
    var settingsByEdge: [String: BroadcastSettings] {
        var out: [String: BroadcastSettings] = [:]
        for (edge, report) in reports { if let s = report.settings { out[String(edge)] = s } }
        return out
    }
}
