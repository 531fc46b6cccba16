import SwarmcastSettings
import SwarmcastScenario

/// Everything one swarm agent process needs, sent to it as JSON on its argv by the coordinator
/// (its only channel in; snapshots come back on the binary pipe). Listener behaviour and the
/// audio format travel as the settings groups themselves, durations as exact text, so an agent
/// runs with exactly the bounds the run was given.
public struct AgentPlan: Codable, Equatable, Sendable {
    /// This agent's index (0-based) and how many agents share the shard's stripe of the schedule.
    public var index: Int
    public var agentCount: Int
    /// The shard this agent's coordinator runs: the agent runs global listener `g` when
    /// `g mod (K × agentCount) == shard.index + K × index` (`ListenerPlanner.Stripe`).
    public var shard = ShardIdentity.whole
    /// Test aid: the agent's measuring clock reads this far ahead of the host's (ns).
    public var clockSkewNanos: UInt64 = 0
    /// Servers to connect to; listeners are spread over them round-robin.
    public var servers: [String]
    /// Rooms listeners join, round-robin.
    public var rooms: [UInt32]
    /// The whole swarm's schedule; this agent takes its stripe of the arrivals.
    public var schedule: ArrivalSchedule
    /// Common start time of all agents (CLOCK_REALTIME ns), so their seconds line up.
    public var startEpochNanos: UInt64
    /// How listeners behave and what counts as late or stalled.
    public var listeners = ListenerSettings()
    /// The audio speakers produce (speaker clients and the Icecast source use it; the late and
    /// stall bounds default from its packet interval).
    public var audio = AudioSettings()
    /// Local addresses to connect from (spread over 127.0.0.0/8 so ports do not run out).
    public var sourceAddresses: [String] = []
    /// Speaker clients of the whole swarm (role speaker); this agent (the shard's first) runs those
    /// whose index `j` has `j mod K == shard.index`, in room `rooms[j mod rooms.count]`; 0 on other agents.
    public var speakers: Int = 0
    /// Where speakers connect, when not the first server (a multi-process server's origin).
    public var speakerServer: String? = nil
    /// An Icecast-style source to feed (`http://user:pass@host:port/mount`), run by agent 0.
    public var sourceURL: SourceURL? = nil
    /// Hostile clients to run beside the listeners (this agent runs its share of each).
    public var attacks: [AttackSpec] = []
    /// Secret to mint speaker tokens with, for a server that requires them.
    public var speakerSecret: String? = nil

    public init(index: Int, agentCount: Int, servers: [String], rooms: [UInt32], schedule: ArrivalSchedule, startEpochNanos: UInt64) {
        self.index = index
        self.agentCount = agentCount
        self.servers = servers
        self.rooms = rooms
        self.schedule = schedule
        self.startEpochNanos = startEpochNanos
    }

    /// A frame delayed more than this is late.
    public var lateBound: Duration { listeners.lateBound(packetInterval: audio.packetInterval) }
    /// A receiving listener that hears nothing this long has stalled.
    public var stallBound: Duration { listeners.stallBound(packetInterval: audio.packetInterval) }

    /// HTTP listeners ask for `PREFIX<room>SUFFIX` (`/rooms/` + `/listen`; an Icecast mount
    /// `/room{room}` gives `/room` + ``).
    public var httpPathParts: (prefix: String, suffix: String) {
        let parts = listeners.httpPath.components(separatedBy: "{room}")
        return (parts[0], parts.count > 1 ? parts[1] : "")
    }
}
