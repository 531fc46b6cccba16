import SwarmcastSettings

/// The Prometheus text of a process's place in the tree of edges, and on an edge of the link to
/// its origin: what an operator needs to see that an outage of the origin was ridden out (the
/// gap grew, the link came back) rather than passed on to listeners as lost connections.
enum TreeMetrics {
    static func text(depth: Int, link: OriginLinkStatus?, renumberedSeats: Int, now: UInt64) -> String {
        typealias F = ServerMetricFamilies
        var out = F.treeDepth.header + "\(F.treeDepth.name) \(depth)\n"
        guard let link else { return out }
        func metric(_ family: MetricFamily, _ value: String) { out += family.header + "\(family.name) \(value)\n" }
        metric(F.originConnected, link.connected ? "1" : "0")
        metric(F.originReconnects, "\(link.reconnects)")
        metric(F.originFailedAttempts, "\(link.failedAttempts)")
        let gap = (link.gapSeconds(now: now) * 1000).rounded() / 1000
        metric(F.originGap, "\(gap)")
        metric(F.originRenumberedSeats, "\(renumberedSeats)")
        return out
    }
}
