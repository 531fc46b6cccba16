import Foundation
import SwarmcastSettings

/// Every per-listener choice of a swarm as a pure function of the seed and the listener's global
/// index `g` (its place in the arrival schedule), and who runs it.
///
/// Shards and agents each run a stripe of the global indices (k6's execution segments do the
/// same): listener `g` belongs to shard `g mod K`, and within the shard to agent `(g / K) mod A`.
/// Because a choice depends only on `g`, the union of the shards' listeners is exactly the
/// listeners one process would run, whatever K and A are.
public struct ListenerPlanner: Sendable {
    public let random: PlanRandom
    public let rooms: [UInt32]
    public let serverCount: Int
    public let slowReaders: Double
    public let churnMeanSeconds: Double?
    /// Which listeners decode their audio (`ListenerPlanner+Decode.swift`).
    public let decode: DecodeChoice

    /// `totalListeners`: the plan's listener indices (the schedule's arrivals), over which the
    /// decoded share is chosen.
    public init(listeners: ListenerSettings, rooms: [UInt32], serverCount: Int, totalListeners: Int = 0) {
        random = PlanRandom(seed: UInt64(listeners.seed))
        self.rooms = rooms.isEmpty ? [1] : rooms
        self.serverCount = max(1, serverCount)
        slowReaders = listeners.slowReaders
        churnMeanSeconds = listeners.churnMean.map(\.seconds).flatMap { $0 > 0 ? $0 : nil }
        decode = DecodeChoice(share: listeners.decode, total: totalListeners, random: random)
    }

    /// Whether listener `g` decodes its audio and scores it against the source.
    public func isDecoded(_ g: Int) -> Bool { decode.isDecoded(g) }

    public func room(_ g: Int) -> UInt32 { rooms[g % rooms.count] }
    public func serverIndex(_ g: Int) -> Int { g % serverCount }

    /// Every 1/f-th listener stops reading once welcomed: evenly spread, no randomness needed.
    public func isSlowReader(_ g: Int) -> Bool {
        slowReaders > 0 && Int(Double(g + 1) * slowReaders) > Int(Double(g) * slowReaders)
    }

    /// Length of listener `g`'s session number `generation` (0 the first; a churned listener is
    /// replaced by generation + 1 of the same `g`); nil without churn.
    public func sessionSeconds(_ g: Int, generation: Int) -> Double? {
        guard let mean = churnMeanSeconds else { return nil }
        return -log(random.unit(.session, g, generation)) * mean
    }

    /// The jitter factor (0.5 to 1.5) of a reconnect backoff: 200 ms doubling to 5 s, times this.
    public func reconnectJitter(_ g: Int, generation: Int, attempt: Int) -> Double {
        0.5 + random.unit(.reconnect, g, generation << 20 | attempt)
    }

    /// The seed of attacker `n` of attack `attack` (its random bytes and client ids).
    public func attackerSeed(attack: Int, _ n: Int) -> UInt64 { random.bits(.attacker, n, attack) }

    /// The stripe of global indices a runner owns: shard `shard` of `shards`, agent `agent` of
    /// the shard's `agents` runs `g` with `g mod (shards × agents) == shard + shards × agent`.
    public struct Stripe: Equatable, Sendable {
        public let residue: Int
        public let modulus: Int
        public init(shard: ShardIdentity, agent: Int, agents: Int) {
            residue = shard.index + shard.count * agent
            modulus = shard.count * max(1, agents)
        }
        /// How many of the indices 0..<total are this stripe's.
        public func share(of total: Int) -> Int { ArrivalSchedule.share(of: total, agent: residue, agents: modulus) }
        /// The global index of this stripe's `k`-th item.
        public func global(_ k: Int) -> Int { residue + k * modulus }
    }
}
