import SwarmcastSettings
/// A load scenario: which server, what audio, who speaks, how listeners arrive, what must hold.
/// Loaded from YAML by `ScenarioLoader`; every field has a default except the listener stages.
public struct Scenario: Equatable, Sendable {
    public var name: String
    public var description: String = ""
    public var server = ServerSpec()
    public var audio = AudioSpec()
    public var speakers = SpeakerSpec()
    public var listeners: ListenerSpec
    public var thresholds: [Threshold] = []
    /// Hostile clients beside the listeners (their outcomes are reported apart).
    public var attacks: [AttackSpec] = []
    /// Faults to inject during the run.
    public var faults: [FaultSpec] = []

    public init(name: String, listeners: ListenerSpec) {
        self.name = name
        self.listeners = listeners
    }

    /// Length of the run: the listener schedule's stages.
    public var durationSeconds: Double { listeners.schedule.durationSeconds }
}

/// The server under test: one `run` starts (ours, with these options), or an address to swarm.
public struct ServerSpec: Equatable, Sendable {
    /// Start `swarmcast serve` for this run (false: swarm `address`, a server already running).
    public var start = true
    /// Address to swarm when `start` is false; with `start`, where ours listens (port 0: a free one).
    public var address = "127.0.0.1:0"
    public var rooms = 1
    public var maxListeners = 19_000
    public var maxRoomListeners: Int? = nil
    /// `skip-to-live` or `disconnect`.
    public var slowListener = "skip-to-live"
    public var backlogFrames = 250
    public var handshakeTimeout: Duration = .seconds(5)
    /// Edge processes (`serve --workers`): 0 serves from one process (up to ~19,000 listeners).
    public var workers = 0
    /// Require speaker tokens made with this secret (the swarm's speakers get valid ones).
    public var speakerSecret: String? = nil
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

/// The audio format speakers produce.
public struct AudioSpec: Equatable, Sendable {
    public var frameInterval: Duration = .milliseconds(20)
    public var payloadBytes = 80
    /// Frames per write to a listener: the packet interval is this times the frame interval.
    public var framesPerPacket = 1
    public init() {}

    public var packetInterval: Duration { frameInterval * framesPerPacket }
}

/// Who speaks: built-in speakers inside our server, and speaker clients in the swarm.
public struct SpeakerSpec: Equatable, Sendable {
    /// Built-in speakers per room (host + up to 13).
    public var demo = 1
    /// Speaker clients the swarm runs (one per room, round-robin); with them, delay covers
    /// speaker → server → listener over real sockets.
    public var clients = 0
    public init() {}
}

/// How listeners arrive, stay and what counts as late or stalled.
public struct ListenerSpec: Equatable, Sendable {
    public var schedule: ArrivalSchedule
    /// Rooms listeners join, round-robin.
    public var rooms: [UInt32] = [1]
    public var churnMean: Duration? = nil
    public var reconnect = false
    /// Late bound; nil: packet interval + 500 ms.
    public var lateAfter: Duration? = nil
    /// Stall bound; nil: packet interval + 1 s.
    public var stallAfter: Duration? = nil
    public var connectTimeout: Duration = .seconds(10)
    /// Agents; nil derives one per `maxPerAgent` listeners.
    public var agents: Int? = nil
    public var maxPerAgent = 19_000
    /// Fraction of listeners that stop reading once welcomed (reported apart, not as failures).
    public var slowReaders = 0.0
    /// `native` or `http-audio` (Icecast-style `GET`).
    public var protocolName = "native"

    public init(schedule: ArrivalSchedule) {
        self.schedule = schedule
    }
}
