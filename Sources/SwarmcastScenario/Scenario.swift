import SwarmcastSettings
/// A load scenario: which server, what audio, who speaks, how listeners arrive, what must hold.
/// Loaded from YAML by `ScenarioLoader`; every field has a default except the listener stages.
public struct Scenario: Equatable, Sendable {
    public var name: String
    public var description: String = ""
    public var server = ServerSpec()
    /// The audio format speakers produce, as the server and swarm speakers both use it.
    public var audio = AudioSettings()
    public var speakers = SpeakerSpec()
    public var listeners: ListenerSpec
    public var thresholds: [Threshold] = []
    /// Hostile clients beside the listeners (their outcomes are reported apart).
    public var attacks: [AttackSpec] = []
    /// Faults to inject during the run.
    public var faults: [FaultSpec] = []
    /// When the swarm starts and how its clock is read (`run:`; flags and the environment override).
    public var run = RunSettings()

    public init(name: String, listeners: ListenerSpec) {
        self.name = name
        self.listeners = listeners
    }

    /// Length of the run: the listener schedule's stages.
    public var durationSeconds: Double { listeners.schedule.durationSeconds }
}

/// The server under test: one `run` starts (ours, with these settings), or an address to swarm.
public struct ServerSpec: Equatable, Sendable {
    /// Start `swarmcast serve` for this run (false: swarm `address`, a server already running).
    public var start = true
    /// Address to swarm when `start` is false; with `start`, where ours listens (port 0: a free one).
    public var address = "127.0.0.1:0"
    /// Edge processes (`serve --workers`): 0 serves from one process (up to ~19,000 listeners).
    public var workers = 0
    /// The server's settings as declared once in `ServerSettings` (`speakers.demo` lands in
    /// `demoSpeakers`, where the server reads it).
    public var settings = ServerSettings()
    public init() {}
}

/// A fault the runner injects at a moment of the run.
public struct FaultSpec: Codable, Equatable, Sendable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        /// SIGKILL one edge process (the origin restarts it).
        case killEdge = "edge"
        /// SIGKILL one swarm agent (reported lost; the others go on).
        case killAgent = "agent"
    }
    public var atSeconds: Double
    public var kill: Action
    public init(atSeconds: Double, kill: Action) {
        self.atSeconds = atSeconds
        self.kill = kill
    }
}

/// Who speaks in the swarm. Built-in speakers (`speakers.demo` in YAML) are a server setting,
/// `server.settings.demoSpeakers`.
public struct SpeakerSpec: Equatable, Sendable {
    /// Speaker clients the swarm runs (one per room, round-robin); with them, delay covers
    /// speaker → server → listener over real sockets.
    public var clients = 0
    public init() {}
}

/// How listeners arrive and which rooms they join; how each behaves is `settings`.
public struct ListenerSpec: Equatable, Sendable {
    public var schedule: ArrivalSchedule
    /// Rooms listeners join, round-robin.
    public var rooms: [UInt32] = [1]
    /// Churn, reconnects, late and stall bounds, agents, protocol, seed: declared in `ListenerSettings`.
    public var settings = ListenerSettings()

    public init(schedule: ArrivalSchedule) {
        self.schedule = schedule
    }
}
