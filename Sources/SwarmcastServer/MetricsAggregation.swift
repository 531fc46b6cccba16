/// The /metrics of a process with edges (an origin, or any process relays joined): totals over
/// the process and the latest report of each edge, which already holds that edge's own edges (the
/// unlabelled families), then each process's key figures with a `process` label, then how fresh
/// each edge's report is and supervision figures. Built only from reports already received.
enum MetricsAggregation {
    /// Families that are per-process settings or about this process's own link, not amounts:
    /// shown as this process's, not summed with its edges'.
    static let notSummed: Set<String> = ["swarmcast_open_files_limit", "swarmcast_rooms", "swarmcast_tree_depth", "swarmcast_origin_connected",
                                         "swarmcast_origin_reconnects_total", "swarmcast_origin_gap_seconds_total",
                                         "swarmcast_origin_failed_attempts_total", "swarmcast_origin_renumbered_seats_total"]
    /// Shown per edge with a `process` label (for an edge with edges of its own: its subtree).
    static let perProcess = ["swarmcast_listeners", "swarmcast_packets_out_total", "swarmcast_frames_out_total", "swarmcast_listeners_joined_total",
                             "swarmcast_origin_reconnects_total"]

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
        out += "# HELP swarmcast_process_up 1 for the origin, and for an edge whose last report is under 3 s old.\n# TYPE swarmcast_process_up gauge\n"
        out += "swarmcast_process_up{process=\"origin\"} 1\n"
        for edge in edges {
            let up = edge.samples != nil && (edge.ageSeconds ?? .infinity) < upWithinSeconds
            out += "swarmcast_process_up{process=\"edge-\(edge.index)\"} \(up ? 1 : 0)\n"
        }
        out += "# HELP swarmcast_edge_report_age_seconds Seconds since each edge's last metrics report.\n# TYPE swarmcast_edge_report_age_seconds gauge\n"
        for edge in edges {
            if let age = edge.ageSeconds { out += "swarmcast_edge_report_age_seconds{edge=\"\(edge.index)\"} \((age * 1000).rounded() / 1000)\n" }
        }
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
