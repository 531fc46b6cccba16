import SwarmcastSettings
import SwarmcastScenario
/// Everything one swarm agent process needs, sent to it as JSON by the coordinator.
public struct AgentPlan: Codable, Equatable, Sendable {
    /// This agent's index (0-based) and how many agents share the schedule.
    public var index: Int
    public var agentCount: Int
    /// Servers to connect to; listeners are spread over them round-robin.
    public var servers: [String]
    /// Rooms listeners join, round-robin.
    public var rooms: [UInt32]
    /// The whole swarm's schedule; this agent takes every `agentCount`-th arrival.
    public var schedule: ArrivalSchedule
    /// Common start time of all agents (CLOCK_REALTIME ns), so their seconds line up.
    public var startEpochNanos: UInt64
    /// Mean session length for churn (exponential), nil for no churn.
    public var churnMeanSeconds: Double?
    /// A frame later than this after its capture counts as late.
    public var lateAfterMillis: Double = 500
    /// A receiving listener that hears nothing for this long has stalled.
    public var stallAfterMillis: Double = 1000
    /// A connect (or HELLO answer) slower than this fails with `connect-timeout`.
    public var connectTimeoutMillis: Double = 10_000
    /// An owed arrival more than this late is dropped (counted) instead of started.
    public var dropArrivalAfterMillis: Double = 1000
    /// Open connections this agent may hold (the 20,000 open files cap minus headroom).
    public var maxConnections: Int = 19_000
    /// Local addresses to connect from (spread over 127.0.0.0/8 so ports do not run out).
    public var sourceAddresses: [String] = []
    /// Reconnect with jittered exponential backoff after an unplanned disconnect.
    public var reconnect: Bool = false
    /// Fraction of listeners that stop reading once welcomed (slow or stuck clients).
    public var slowReaderFraction: Double = 0
    /// Speaker clients this agent runs (role speaker), one per room in `rooms` order.
    public var speakers: Int = 0
    /// Where speakers connect, when not the first server (a multi-process server's origin).
    public var speakerServer: String? = nil
    public var speakerFrameIntervalMillis: Double = 20
    public var speakerPayloadBytes: Int = 80
    public var speakerFramesPerPacket: Int = 1
    /// An Icecast-style source to feed (`http://user:pass@host:port/mount`), run by agent 0.
    public var sourceURL: SourceURL? = nil
    /// How listeners talk to the server.
    public var listenerProtocol: ListenerProtocol = .native
    /// HTTP listeners ask for `PREFIX<room>SUFFIX` (Swarmcast: `/rooms/` and `/listen`; an Icecast
    /// mount such as `/room` + `` gives `/room1`).
    public var httpPathPrefix = "/rooms/"
    public var httpPathSuffix = "/listen"
    /// Hostile clients to run beside the listeners (this agent runs its share of each).
    public var attacks: [AttackSpec] = []
    /// Secret to mint speaker tokens with, for a server that requires them.
    public var speakerSecret: String? = nil
    /// Seed for churn and jitter, so a run can be repeated.
    public var seed: UInt64 = 1

    public init(index: Int, agentCount: Int, servers: [String], rooms: [UInt32], schedule: ArrivalSchedule, startEpochNanos: UInt64) {
        self.index = index
        self.agentCount = agentCount
        self.servers = servers
        self.rooms = rooms
        self.schedule = schedule
        self.startEpochNanos = startEpochNanos
    }
}
