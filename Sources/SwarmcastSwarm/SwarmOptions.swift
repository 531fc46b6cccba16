import SwarmcastSettings
import SwarmcastScenario
/// What a swarm run is asked to do, whether from `swarmcast swarm` flags or a scenario.
public struct SwarmOptions: Sendable {
    /// Name written into the summary (`cli` for plain flags).
    public var scenarioName = "cli"
    /// Servers listeners connect to (spread round-robin).
    public var servers: [String]
    /// Rooms listeners join (spread round-robin).
    public var rooms: [UInt32] = [1]
    public var schedule: ArrivalSchedule
    /// How listeners behave (churn, reconnects, late and stall bounds, agents, protocol, seed).
    public var listeners = ListenerSettings()
    /// The audio format: what swarm speakers send, and the packet interval the late and stall
    /// bounds default from.
    public var audio = AudioSettings()
    /// Speaker clients (role speaker) run by the first agent.
    public var speakers = 0
    /// Where speaker clients connect (an origin's address with `serve --workers`); nil: the first server.
    public var speakerServer: String? = nil
    /// An Icecast-style source to feed with timed chunks (run by the first agent).
    public var sourceURL: SourceURL? = nil
    /// Hostile clients run beside the listeners.
    public var attacks: [AttackSpec] = []
    /// Secret for speaker tokens (when the server requires them).
    public var speakerSecret: String? = nil
    /// Spread connections over 127.0.0.0/8 source addresses when the server is on loopback.
    public var spreadSourceAddresses = true
    /// Progress on stdout: redrawn line on a terminal, plain lines otherwise, or none.
    public var progress: ProgressMode = .auto
    /// Which part of the swarm this process runs (`--shard I/K` or the environment).
    public var shard = ShardIdentity.whole
    /// Start time, tolerance and clock skew (`--start-at`, `--start-tolerance`, `--clock-skew`).
    public var run = RunSettings()
    /// When the command began (CLOCK_REALTIME ns): `start_at: +30s` counts from here.
    public var commandStartEpochNanos: UInt64 = 0
    /// Windowed thresholds with `abort_on_fail`: the coordinator judges them each second and
    /// stops the run at the first failing window.
    public var abortThresholds: [Threshold] = []
    /// `--metrics HOST:PORT`: serve the swarm's live figures for Prometheus (nil: off).
    public var metricsAddress: String? = nil

    public init(servers: [String], schedule: ArrivalSchedule) {
        self.servers = servers
        self.schedule = schedule
    }

    /// The agent count to use: as asked, or enough for this shard's share of the peak at the
    /// per-agent ceiling.
    public var agentCount: Int {
        if let agents = listeners.agents { return max(1, agents) }
        let peak = max(shardPeakTarget, 1)
        let perAgent = max(1, listeners.maxPerAgent)
        return max(1, (peak + perAgent - 1) / perAgent)
    }

    /// This shard's share of the schedule's peak target (the whole peak when not sharded).
    public var shardPeakTarget: Int {
        ListenerPlanner.Stripe(shard: shard, agent: 0, agents: 1).share(of: schedule.peakTarget)
    }

    /// What the swarm's plan is made from: the same on every shard.
    public var planInputs: SwarmPlan.Inputs {
        SwarmPlan.Inputs(schedule: schedule, rooms: rooms, listeners: listeners, serverCount: servers.count,
                         attacks: attacks, speakers: speakers)
    }

    /// Source addresses for agent `agent` of this shard: 127.<1+n/250>.<1+n%250>.1-8 on loopback
    /// (n = shard × agents + agent, so shards on one host do not share them), giving every agent
    /// its own 8 × 28,000 ephemeral ports towards each server address.
    public func sourceAddresses(agent: Int) -> [String] {
        let index = shard.index * agentCount + agent
        guard spreadSourceAddresses, servers.allSatisfy({ $0.hasPrefix("127.") || $0.hasPrefix("localhost") }) else { return [] }
        return (1...8).map { "127.\(1 + index / 250).\(1 + index % 250).\($0)" }
    }
}

/// How the coordinator shows progress.
public enum ProgressMode: String, Sendable, CaseIterable {
    case auto, line, plain, none
}
