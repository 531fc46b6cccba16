import SwarmcastSettings

/// The global plan of a swarm, or one shard's part of it: every listener's join time, room,
/// server, slow-reader choice, first session length and first reconnect jitter; every attacker's
/// start and seed; every speaker client's room.
///
/// Each entry is computed from its global index alone (`ListenerPlanner`), never by filtering
/// the whole list, so a shard's plan is what the shard's agents run and the union of the K
/// shards' plans can be checked against the plan of one process. Its hash (`hash`) goes into
/// every shard's summary: `merge` refuses shards that planned different swarms.
public struct SwarmPlan: Equatable, Sendable {
    public struct Listener: Hashable, Sendable {
        public var index: Int
        public var joinSeconds: Double
        public var room: UInt32
        public var server: Int
        public var slowReader: Bool
        public var sessionSeconds: Double?
        public var reconnectJitter: Double?
        /// Decodes its audio (`listeners.decode`).
        public var decoded = false
    }
    public struct Attacker: Hashable, Sendable {
        public var attack: Int
        public var index: Int
        public var startSeconds: Double
        public var seed: UInt64
    }
    public struct Speaker: Hashable, Sendable {
        public var index: Int
        public var room: UInt32
    }

    public var listeners: [Listener] = []
    public var attackers: [Attacker] = []
    public var speakers: [Speaker] = []

    /// What the plan is made from: the same on every shard of one scenario.
    public struct Inputs: Sendable {
        public var schedule: ArrivalSchedule
        public var rooms: [UInt32]
        public var listeners: ListenerSettings
        public var serverCount: Int
        public var attacks: [AttackSpec]
        public var speakers: Int
        public init(schedule: ArrivalSchedule, rooms: [UInt32], listeners: ListenerSettings, serverCount: Int,
                    attacks: [AttackSpec], speakers: Int) {
            self.schedule = schedule
            self.rooms = rooms
            self.listeners = listeners
            self.serverCount = serverCount
            self.attacks = attacks
            self.speakers = speakers
        }
    }

    /// Shard `shard`'s part of the plan (`.whole`: the global plan).
    public init(_ inputs: Inputs, shard: ShardIdentity = .whole) {
        var listeners: [Listener] = [], attackers: [Attacker] = [], speakers: [Speaker] = []
        Self.forEach(inputs, shard: shard, listener: { listeners.append($0) }, attacker: { attackers.append($0) },
                     speaker: { speakers.append($0) })
        self.listeners = listeners
        self.attackers = attackers
        self.speakers = speakers
    }

    /// The global plan's hash (`fnv1a64:` + 16 hex digits), computed without keeping the plan.
    public static func hash(_ inputs: Inputs) -> String {
        var h = PlanHasher()
        forEach(inputs, shard: .whole, listener: { l in
            h.add(1, UInt64(l.index), l.joinSeconds.bitPattern, UInt64(l.room), UInt64(l.server), l.slowReader ? 1 : 0,
                  l.sessionSeconds?.bitPattern ?? UInt64.max, l.reconnectJitter?.bitPattern ?? UInt64.max)
            if l.decoded { h.add(4, UInt64(l.index)) }
        }, attacker: { a in
            h.add(2, UInt64(a.attack), UInt64(a.index), a.startSeconds.bitPattern, a.seed)
        }, speaker: { s in
            h.add(3, UInt64(s.index), UInt64(s.room))
        })
        return h.text
    }

    private static func forEach(_ inputs: Inputs, shard: ShardIdentity, listener: (Listener) -> Void,
                                attacker: (Attacker) -> Void, speaker: (Speaker) -> Void) {
        let total = inputs.schedule.totalArrivals
        let planner = ListenerPlanner(listeners: inputs.listeners, rooms: inputs.rooms, serverCount: inputs.serverCount, totalListeners: total)
        let stripe = ListenerPlanner.Stripe(shard: shard, agent: 0, agents: 1)
        for k in 0..<stripe.share(of: total) {
            let g = stripe.global(k)
            listener(Listener(index: g, joinSeconds: inputs.schedule.joinSeconds(ofArrival: g + 1) ?? inputs.schedule.durationSeconds,
                              room: planner.room(g), server: planner.serverIndex(g), slowReader: planner.isSlowReader(g),
                              sessionSeconds: planner.sessionSeconds(g, generation: 0),
                              reconnectJitter: inputs.listeners.reconnect ? planner.reconnectJitter(g, generation: 0, attempt: 0) : nil,
                              decoded: planner.isDecoded(g)))
        }
        for (i, attack) in inputs.attacks.enumerated() {
            for k in 0..<stripe.share(of: attack.count) {
                let n = stripe.global(k)
                attacker(Attacker(attack: i, index: n, startSeconds: attack.startSeconds + Double(n) / attack.rate,
                                  seed: planner.attackerSeed(attack: i, n)))
            }
        }
        for k in 0..<stripe.share(of: inputs.speakers) {
            let j = stripe.global(k)
            speaker(Speaker(index: j, room: inputs.rooms.isEmpty ? 1 : inputs.rooms[j % inputs.rooms.count]))
        }
    }
}

/// FNV-1a over 64-bit words: cheap, stable across builds and hosts, enough to tell two plans apart.
struct PlanHasher {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ words: UInt64...) {
        for word in words {
            for shift in stride(from: 0, to: 64, by: 8) {
                state = (state ^ ((word >> UInt64(shift)) & 0xFF)) &* 0x0000_0100_0000_01B3
            }
        }
    }

    var text: String {
        let hex = String(state, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension Scenario {
    /// What this scenario's swarm plan is made from, with `serverCount` servers to spread over.
    public func planInputs(serverCount: Int = 1) -> SwarmPlan.Inputs {
        SwarmPlan.Inputs(schedule: listeners.schedule, rooms: listeners.rooms, listeners: listeners.settings,
                         serverCount: serverCount, attacks: attacks, speakers: speakers.clients)
    }
}
