import Foundation
import SwarmcastScenario

/// Checks, before anything starts, that this host can hold its share of the swarm: descriptors
/// per agent against the open-files hard limit, and connections per source address and server
/// against the ephemeral port range. A shard that finds out mid-run (EMFILE, EADDRNOTAVAIL)
/// would report its own limits as the server's failures.
public enum ShardPreflight {
    /// What is missing, one sentence each with the fix; empty when the host can hold the share.
    public static func problems(_ options: SwarmOptions, agents: Int, openFilesHardLimit: UInt64, portRange: Int) -> [String] {
        var problems: [String] = []
        let stripe = ListenerPlanner.Stripe(shard: options.shard, agent: 0, agents: 1)
        let listeners = options.shardPeakTarget
        let attackers = options.attacks.reduce(0) { $0 + stripe.share(of: $1.count) }
        let connections = listeners + attackers
        let perAgent = (connections + agents - 1) / max(1, agents) + options.speakers + 32
        if UInt64(perAgent) > openFilesHardLimit {
            problems.append("open files: shard \(options.shard) runs \(connections) connections on \(agents) agents, about \(perAgent) descriptors each, "
                            + "but the hard limit is \(openFilesHardLimit): raise it (ulimit -Hn, systemd LimitNOFILE) or give more agents (--agents, listeners.agents)")
        }
        let sources = options.sourceAddresses(agent: 0).count
        let perServer = (connections + options.servers.count - 1) / max(1, options.servers.count)
        // Spread loopback sources give each agent 8 addresses; otherwise the host has one.
        let capacity = sources > 0 ? portRange * sources * agents : portRange
        if portRange > 0 && perServer > capacity {
            problems.append("ports: shard \(options.shard) opens \(perServer) connections to each server address, but its source addresses give only \(capacity) "
                            + "(ephemeral range \(portRange) ports): widen net.ipv4.ip_local_port_range (swarmcast tune), add server addresses (--server), or run more shards")
        }
        return problems
    }

    /// The ephemeral port range's size (net.ipv4.ip_local_port_range), 0 when unknown.
    public static func ephemeralPortCount() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8) else { return 0 }
        let bounds = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
        return bounds.count == 2 ? bounds[1] - bounds[0] + 1 : 0
    }
}
