/// An origin's /metrics: totals over the origin and all its edges (the unlabelled families), then
/// each process's key figures with a `process` label, then supervision figures.
enum MetricsAggregation {
    /// Families that are per-process settings, not amounts: shown as the origin's, not summed.
    static let notSummed: Set<String> = ["swarmcast_open_files_limit", "swarmcast_rooms"]
    static let perProcess = ["swarmcast_listeners", "swarmcast_packets_out_total", "swarmcast_frames_out_total", "swarmcast_listeners_joined_total"]

    static func originText(own: String, edges: [(index: Int, samples: [String: Double]?)], restarts: Int) -> String {
        var out = ""
        for line in own.split(separator: "\n", omittingEmptySubsequences: false) {
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " ") else { out += line + "\n"; continue }
            let key = String(line[..<space])
            let family = String(key.split(separator: "{").first ?? "")
            guard !notSummed.contains(family), var value = Double(line[line.index(after: space)...]) else { out += line + "\n"; continue }
            for edge in edges { value += edge.samples?[key] ?? 0 }
            out += "\(key) \(format(value))\n"
        }
        out += "# HELP swarmcast_process_up 1 when the process answered this scrape.\n# TYPE swarmcast_process_up gauge\n"
        out += "swarmcast_process_up{process=\"origin\"} 1\n"
        for edge in edges { out += "swarmcast_process_up{process=\"edge-\(edge.index)\"} \(edge.samples == nil ? 0 : 1)\n" }
        for family in perProcess {
            let name = family.replacingOccurrences(of: "swarmcast_", with: "swarmcast_process_")
            out += "# HELP \(name) \(family) of each process.\n# TYPE \(name) gauge\n"
            for edge in edges {
                if let v = edge.samples?[family] { out += "\(name){process=\"edge-\(edge.index)\"} \(format(v))\n" }
            }
        }
        out += "# HELP swarmcast_edge_restarts_total Edge processes restarted after dying.\n# TYPE swarmcast_edge_restarts_total counter\n"
        out += "swarmcast_edge_restarts_total \(restarts)\n"
        out += "# HELP swarmcast_edges Edge processes configured.\n# TYPE swarmcast_edges gauge\nswarmcast_edges \(edges.count)\n"
        return out
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
