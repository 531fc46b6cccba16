import SwarmcastSettings

/// The /metrics of a process with edges (an origin, or any process relays joined): totals over
/// the process and the latest report of each edge, which already holds that edge's own edges (the
/// unlabelled families), then each process's key figures with a `process` label, then how fresh
/// each edge's report is and supervision figures. Built only from reports already received.
enum MetricsAggregation {
    typealias F = ServerMetricFamilies

    /// Families that are per-process settings or about this process's own link, not amounts:
    /// shown as this process's, not summed with its edges'.
    static let notSummed: Set<String> = Set([F.openFilesLimit, F.rooms, F.treeDepth, F.originConnected, F.originReconnects,
                                             F.originGap, F.originFailedAttempts, F.originRenumberedSeats].map(\.name))
    /// Shown per edge with a `process` label (for an edge with edges of its own: its subtree).
    static let perProcess = F.perProcessSources

    /// An edge counts as up while its last report is younger than this.
    static let upWithinSeconds = 3.0

    static func originText(own: String, edges: [(index: Int, samples: [String: Double]?, ageSeconds: Double?)], restarts: Int) -> String {
        var out = ""
        var seen: Set<String> = []
        var family = ""
        /// Labelled samples only edges have (an HLS status only an edge answered): summed over
        /// the edges and written at the end of their family, so the origin's totals include them.
        func flushEdgeOnly() {
            guard !family.isEmpty, !notSummed.contains(family) else { return }
            let keys = Set(edges.flatMap { ($0.samples ?? [:]).keys.filter { $0.hasPrefix(family + "{") && !seen.contains($0) } })
            for key in keys.sorted() { out += "\(key) \(format(edges.reduce(0) { $0 + ($1.samples?[key] ?? 0) }))\n" }
        }
        for line in own.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# HELP ") {
                flushEdgeOnly()
                family = String(line.dropFirst(7).split(separator: " ").first ?? "")
            }
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " ") else { out += line + "\n"; continue }
            let key = String(line[..<space])
            seen.insert(key)
            let family = String(key.split(separator: "{").first ?? "")
            guard !notSummed.contains(family), var value = Double(line[line.index(after: space)...]) else { out += line + "\n"; continue }
            for edge in edges { value += edge.samples?[key] ?? 0 }
            out += "\(key) \(format(value))\n"
        }
        flushEdgeOnly()
        out += F.processUp.header
        out += "\(F.processUp.name){process=\"origin\"} 1\n"
        for edge in edges {
            let up = edge.samples != nil && (edge.ageSeconds ?? .infinity) < upWithinSeconds
            out += "\(F.processUp.name){process=\"edge-\(edge.index)\"} \(up ? 1 : 0)\n"
        }
        out += F.edgeReportAge.header
        for edge in edges {
            if let age = edge.ageSeconds { out += "\(F.edgeReportAge.name){edge=\"\(edge.index)\"} \((age * 1000).rounded() / 1000)\n" }
        }
        for family in perProcess {
            let shown = F.perProcess(family)
            out += shown.header
            for edge in edges {
                if let v = edge.samples?[family.name] { out += "\(shown.name){process=\"edge-\(edge.index)\"} \(format(v))\n" }
            }
        }
        out += F.edgeRestarts.header + "\(F.edgeRestarts.name) \(restarts)\n"
        out += F.edges.header + "\(F.edges.name) \(edges.count)\n"
        return out
    }

    /// Samples keyed by `name{labels}` as written in Prometheus text.
    static func samples(fromText text: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            out[String(line[..<space])] = value
        }
        return out
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
