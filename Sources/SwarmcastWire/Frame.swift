/// One message of the Swarmcast protocol, in either direction.
///
/// On the wire every frame is `u32 length | u8 type | body`, big-endian, where `length` counts the
/// type byte and the body. See docs/PROTOCOL.md for the byte layout of each body.
public enum Frame: Equatable, Sendable {
    /// client → server, first frame: who is asking to join which room.
    case hello(Hello)
    /// server → client: the join was accepted.
    case welcome(Welcome)
    /// server → client: the join was refused; the server closes after sending it.
    case reject(RejectReason)
    /// speaker → server and server → listener: one audio frame stamped with its capture time.
    case audio(AudioFrame)
    /// server → client, once a second: what the room looks like now.
    case roomState(RoomState)
    /// listener → server: one reaction (clap, heart, ...).
    case reaction(kind: UInt8)
    /// client → server: a clock probe carrying the client's send time (ns).
    case ping(clientTimeNanos: UInt64)
    /// server → client: the probe returned with the server's clock at reply time.
    case pong(clientTimeNanos: UInt64, serverTimeNanos: UInt64)
    /// either way: an orderly goodbye with its reason.
    case bye(ByeReason)
    /// origin → relay, right after WELCOME: the settings the edge must run with (BroadcastSettings
    /// JSON, opaque to the wire); relay → origin, once: the settings the edge adopted.
    case settings([UInt8])
    /// relay → origin, once a second: the edge's counters (its Prometheus text, opaque to the
    /// wire), so the origin's /metrics answers from what it has instead of asking edges.
    case edgeMetrics([UInt8])
    /// parent → relay, right after SETTINGS: where the relay sits in the tree of edges (its depth,
    /// the parent's depth + 1) and the parent process's instance number, so an edge that rejoins
    /// can tell a restarted parent (new instance, sequence numbers start again) from the same one.
    case tree(depth: UInt8, parentInstance: UInt64)
    /// server → listener or relay (protocol version 2), in front of a room packet's AUDIO frames:
    /// each hop's time stamps for them (`HopStamps`), so a listener can split delay by tier.
    case hops(HopStamps)

    /// The type byte that identifies a frame on the wire.
    public var type: FrameType {
        switch self {
        case .hello: .hello
        case .welcome: .welcome
        case .reject: .reject
        case .audio: .audio
        case .roomState: .roomState
        case .reaction: .reaction
        case .ping: .ping
        case .pong: .pong
        case .bye: .bye
        case .settings: .settings
        case .edgeMetrics: .edgeMetrics
        case .tree: .tree
        case .hops: .hops
        }
    }
}

/// The type byte of a frame.
public enum FrameType: UInt8, Sendable, CaseIterable {
    case hello = 1, welcome = 2, reject = 3, audio = 4, roomState = 5, reaction = 6, ping = 7, pong = 8, bye = 9, settings = 10, edgeMetrics = 11, tree = 12, hops = 13
}

/// The protocol version this build speaks; HELLO and WELCOME carry it. Version 2 added HOPS
/// (hop stamps in front of each room packet); a server still accepts version 1 peers and sends
/// them the same packets without HOPS.
public let protocolVersion: UInt16 = 2

/// The oldest version a server accepts in HELLO.
public let oldestProtocolVersion: UInt16 = 1

/// The first version whose receivers understand HOPS frames.
public let hopStampsProtocolVersion: UInt16 = 2

/// The largest frame a peer may send (length field), unless configured lower.
public let defaultMaximumFrameBytes = 64 * 1024

/// What a client is in its room.
public enum Role: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case listener = 0, speaker = 1, relay = 2
    public var description: String {
        switch self {
        case .listener: "listener"
        case .speaker: "speaker"
        case .relay: "relay"
        }
    }
}

/// HELLO: the first frame a client sends.
public struct Hello: Equatable, Sendable {
    public var version: UInt16
    public var role: Role
    public var room: UInt32
    public var clientID: UInt64
    /// A speaker's credential; empty for listeners.
    public var token: [UInt8]

    public init(version: UInt16 = protocolVersion, role: Role, room: UInt32, clientID: UInt64, token: [UInt8] = []) {
        self.version = version
        self.role = role
        self.room = room
        self.clientID = clientID
        self.token = token
    }
}

/// WELCOME: the server's answer to an accepted HELLO.
public struct Welcome: Equatable, Sendable {
    public var version: UInt16
    public var session: UInt64
    public var room: UInt32
    public var listeners: UInt32
    public var speakers: UInt8
    /// The sequence number of the last audio frame the room produced (0 when none yet).
    public var lastSequence: UInt64

    public init(version: UInt16 = protocolVersion, session: UInt64, room: UInt32, listeners: UInt32, speakers: UInt8, lastSequence: UInt64) {
        self.version = version
        self.session = session
        self.room = room
        self.listeners = listeners
        self.speakers = speakers
        self.lastSequence = lastSequence
    }
}

/// AUDIO: one audio frame of one speaker.
public struct AudioFrame: Equatable, Sendable {
    public var room: UInt32
    public var speaker: UInt8
    /// Per speaker, increasing by one per frame; a gap is lost audio.
    public var sequence: UInt64
    /// The frame's *scheduled* capture time on the speaker's clock (CLOCK_REALTIME, ns), so a late
    /// sender shows as delay rather than silence.
    public var captureTimeNanos: UInt64
    public var payload: [UInt8]

    public init(room: UInt32, speaker: UInt8, sequence: UInt64, captureTimeNanos: UInt64, payload: [UInt8]) {
        self.room = room
        self.speaker = speaker
        self.sequence = sequence
        self.captureTimeNanos = captureTimeNanos
        self.payload = payload
    }
}

/// ROOM_STATE: the room's listener count, speakers and reaction totals.
public struct RoomState: Equatable, Sendable {
    public var room: UInt32
    public var listeners: UInt32
    public var speakers: UInt8
    /// Reaction totals since the room opened, indexed by reaction kind.
    public var reactions: [ReactionCount]

    public init(room: UInt32, listeners: UInt32, speakers: UInt8, reactions: [ReactionCount]) {
        self.room = room
        self.listeners = listeners
        self.speakers = speakers
        self.reactions = reactions
    }
}

/// How many reactions of one kind a room has received.
public struct ReactionCount: Equatable, Sendable {
    public var kind: UInt8
    public var count: UInt32
    public init(kind: UInt8, count: UInt32) {
        self.kind = kind
        self.count = count
    }
}

/// Why the server refused a HELLO.
public enum RejectReason: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case full = 1, noSuchRoom = 2, badToken = 3, overloaded = 4, badVersion = 5, speakerSeatsTaken = 6
    public var description: String {
        switch self {
        case .full: "full"
        case .noSuchRoom: "no-such-room"
        case .badToken: "bad-token"
        case .overloaded: "overloaded"
        case .badVersion: "bad-version"
        case .speakerSeatsTaken: "speaker-seats-taken"
        }
    }
}

/// Why a peer is leaving.
public enum ByeReason: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case normal = 0, shutdown = 1, tooSlow = 2, protocolError = 3, idle = 4, roomClosed = 5
    public var description: String {
        switch self {
        case .normal: "normal"
        case .shutdown: "shutdown"
        case .tooSlow: "too-slow"
        case .protocolError: "protocol-error"
        case .idle: "idle"
        case .roomClosed: "room-closed"
        }
    }
}
