/// A part of the path from a speaker to a listener's ear, one delay histogram each
/// (docs/delay-by-tier.md). Stored by index: fixed tiers first, then one per edge level; an HLS
/// listener's path has tiers of its own (`Layout.hls`).
public enum DelayTier {
    /// Which path the tiers cut: a native listener's (hop stamps) or an HLS player's.
    public enum Layout: UInt8, Sendable, CaseIterable {
        case native = 0, hls = 1
    }

    /// HLS: the part's (segment's) first frame's capture time to its publication by the server
    /// that cuts it (the frame's way to that server, and the part filling up).
    public static let hlsPackaging = 1
    /// HLS: publication to the player asking for it (seeing it in a playlist); 0 when the player
    /// asked before (a blocking reload or preload hint answered at publication).
    public static let hlsDiscovery = 2
    /// HLS: the later of request and publication to the response complete.
    public static let hlsFetch = 3

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
    /// The most tiers a layout holds.
    public static let maximumTiers = edge(deepestEdgeLevel) + 1

    /// Native listeners split their frames' delay one in this many: three histogram records a
    /// frame (~25 ns, release, this machine) would otherwise add about a third to a 3 s-packet
    /// listener's CPU, and a share of listeners tells where delay goes as well as all do.
    public static let listenersPerSplit = 8

    /// Whether the listener with this global plan index splits its delay: a multiplicative hash,
    /// so the share spreads over rooms, agents and shards (whose listeners are assigned by index)
    /// and every shard picks the same listeners.
    public static func splits(listenerIndex: Int) -> Bool {
        (UInt64(truncatingIfNeeded: listenerIndex) &* 0x9E37_79B9_7F4A_7C15) >> 61 == 0
    }

    /// The name of tier `index` in summary.json, the result line and Prometheus labels.
    public static func name(_ index: Int, _ layout: Layout = .native) -> String {
        if layout == .hls {
            switch index {
            case endToEnd: return "end_to_end"
            case hlsPackaging: return "packaging"
            case hlsDiscovery: return "discovery"
            default: return "fetch"
            }
        }
        return switch index {
        case endToEnd: "end_to_end"
        case ingest: "ingest"
        case origin: "origin"
        case lastMile: "last_mile"
        default: "edge\(index - 3)"
        }
    }

    /// The tiers in path order (ingest, origin, edge1…, last mile; HLS: packaging, discovery,
    /// fetch) for `count` tiers held.
    public static func pathOrder(count: Int, _ layout: Layout = .native) -> [Int] {
        guard layout == .native, count > lastMile else { return Array(1..<max(1, count)) }
        return [ingest, origin] + Array(edge(1)..<max(edge(1), count)) + [lastMile]
    }
}
