/// The Prometheus text of a process's place in the tree of edges, and on an edge of the link to
/// its origin: what an operator needs to see that an outage of the origin was ridden out (the
/// gap grew, the link came back) rather than passed on to listeners as lost connections.
enum TreeMetrics {
    static func text(depth: Int, link: OriginLinkStatus?, renumberedSeats: Int, now: UInt64) -> String {
        var out = "# HELP swarmcast_tree_depth Place in the tree of edges: 0 for the root, 1 for its edges, 2 below them.\n"
        out += "# TYPE swarmcast_tree_depth gauge\nswarmcast_tree_depth \(depth)\n"
        guard let link else { return out }
        func metric(_ name: String, _ type: String, _ help: String, _ value: String) {
            out += "# HELP swarmcast_\(name) \(help)\n# TYPE swarmcast_\(name) \(type)\nswarmcast_\(name) \(value)\n"
        }
        metric("origin_connected", "gauge", "1 while the link to the origin is joined (its settings adopted).", link.connected ? "1" : "0")
        metric("origin_reconnects_total", "counter", "Times the edge rejoined its origin after losing it.", "\(link.reconnects)")
        metric("origin_failed_attempts_total", "counter", "Attempts to reach the origin that ended before a join.", "\(link.failedAttempts)")
        let gap = (link.gapSeconds(now: now) * 1000).rounded() / 1000
        metric("origin_gap_seconds_total", "counter", "Seconds without the origin (from the last bytes heard to the rejoin), the current gap included.", "\(gap)")
        metric("origin_renumbered_seats_total", "counter", "Times a seat's sequence numbers started again (a restarted origin) and were bridged for listeners.", "\(renumberedSeats)")
        return out
    }
}
