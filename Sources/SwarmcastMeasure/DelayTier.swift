/// A part of the path from a speaker to a listener's ear, one delay histogram each
/// (docs/delay-by-tier.md). Stored by index: fixed tiers first, then one per edge level.
public enum DelayTier {
    /// Receive time minus capture time, the whole path (the tiers below add up to it).
    public static let endToEnd = 0
    /// Speaker to origin: origin receive minus capture.
    public static let ingest = 1
    /// The origin's packet wait: the packet leaving minus the frame's arrival.
    public static let origin = 2
    /// Last hop's send to the listener's receive (includes the listener's place in the fan-out).
    public static let lastMile = 3
    /// Edge level `k` (1 = an edge of the origin): the edge's send minus its parent's (transit
    /// and the edge's own packet wait).
    public static func edge(_ level: Int) -> Int { 3 + level }
    /// The deepest edge level kept apart; deeper levels are folded into this one.
    public static let deepestEdgeLevel = 8

    /// The name of tier `index` in summary.json, the result line and Prometheus labels.
    public static func name(_ index: Int) -> String {
        switch index {
        case endToEnd: "end_to_end"
        case ingest: "ingest"
        case origin: "origin"
        case lastMile: "last_mile"
        default: "edge\(index - 3)"
        }
    }

    /// The tiers in path order (ingest, origin, edge1…, last mile) for `count` tiers held.
    public static func pathOrder(count: Int) -> [Int] {
        guard count > lastMile else { return Array(1..<count) }
        return [ingest, origin] + Array(edge(1)..<max(edge(1), count)) + [lastMile]
    }
}
