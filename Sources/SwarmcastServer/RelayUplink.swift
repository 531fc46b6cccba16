import Logging
import SwarmcastLoop
import SwarmcastMeasure
import SwarmcastWire

/// An edge's link to its origin: joins as role relay, hands the origin's SETTINGS and TREE to the
/// server, and every audio frame to the edge's own rooms, which fan it out to the edge's
/// listeners. Reports go back the same way.
///
/// The link outlives the connection. When the origin goes away (closed, refused, or silent for
/// `server.origin_silence_timeout`: a stopped process keeps its sockets open), the edge keeps its listeners,
/// who hear a stall, and knocks again after a jittered exponential back-off capped at 5 s. It
/// never waits on the network: connects are non-blocking and every wait is a loop timer.
final class RelayUplink: ConnectionDelegate {
    /// Nothing at all from the origin for this long (not even the PONG to our PING) means it is
    /// gone. A healthy origin answers a PING within milliseconds whatever its packet interval;
    /// the origin's own setting once adopted (edges run with their origin's settings), the
    /// default before the first join.
    private var silenceTimeout: UInt64 { server.settings.server.originSilenceTimeout.nanosecondsValue }
    /// How often the edge proves the link with a PING.
    static let pingInterval: UInt64 = 500_000_000
    /// How often the link looks at the clock: silence, PINGs and the next attempt are all due
    /// on this one timer, so no timer is ever replaced from inside its own handler.
    static let tick: Duration = .milliseconds(100)

    private unowned let server: BroadcastServer
    private let loop: EventLoop
    private let origin: SocketAddress
    /// Sent as HELLO's client id: a local edge's number, or a random id kept across reconnects.
    let clientID: UInt64
    private let logger: Logger
    private var connection: Connection?
    private var decoder = FrameDecoder(maximumFrameBytes: 4 << 20)
    /// WELCOME arrived on the current connection.
    private(set) var welcomed = false
    /// The origin's SETTINGS were adopted on the current connection.
    private(set) var joined = false
    /// TREE arrived on the current connection (a later one only updates the depth).
    private var toldTree = false
    private(set) var status = OriginLinkStatus()
    private var backoff = ReconnectBackoff()
    private var random = SystemRandomNumberGenerator()
    private var lastHeardNanos: UInt64 = 0
    private var lastPingNanos: UInt64 = 0
    private var lastBeatNanos: UInt64 = 0
    /// Monotonic time of the next attempt while there is no connection.
    private var nextAttemptNanos: UInt64 = 0
    private var timer: LoopTimer?
    private var stopped = false
    /// The parent's broadcast clock minus this host's, from the PINGs this link sends anyway
    /// (`ClockEstimate`: the minimum-round-trip sample of the recent ones).
    private var parentClock = ClockEstimate()

    init(server: BroadcastServer, loop: EventLoop, origin: SocketAddress, clientID: UInt64, logger: Logger) {
        self.server = server
        self.loop = loop
        self.origin = origin
        self.clientID = clientID
        self.logger = logger
    }

    func start() {
        timer = LoopTimer(loop: loop, interval: Self.tick, repeating: true) { [unowned self] in self.beat() }
        timer?.start()
        connect()
    }

    /// Ends the link for good (the process is shutting down).
    func stop() {
        stopped = true
        timer?.cancel()
        connection?.close(notify: false)
        connection = nil
    }

    private func connect() {
        guard !stopped else { return }
        decoder = FrameDecoder(maximumFrameBytes: 4 << 20)
        welcomed = false
        joined = false
        toldTree = false
        lastHeardNanos = WallClock.monotonicNanos()
        do {
            connection = try Connection(loop: loop, connectingTo: origin, delegate: self)
        } catch {
            status.attemptFailed()
            retry(after: "connect: \(error)")
        }
    }

    func connectionDidConnect(_ connection: Connection) {
        connection.send(FrameEncoder.encode(.hello(Hello(role: .relay, room: 0, clientID: clientID))))
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        lastHeardNanos = WallClock.monotonicNanos()
        do {
            try decoder.decode(bytes) { frame in
                guard self.connection === connection else { return }
                switch frame {
                case .welcome: self.welcomed = true
                case .settings(let json):
                    guard self.server.originSettings(json) else { self.stop(); return }
                    self.joined = true
                    self.backoff.reset()
                    self.status.joined(now: WallClock.monotonicNanos())
                    self.server.originJoined()
                case .tree(let depth, let instance):
                    self.server.originTree(depth: Int(depth), parentInstance: instance, firstOnLink: !self.toldTree)
                    self.toldTree = true
                case .audio(let audio): self.server.core.relay(audio)
                case .hops(let stamps): self.server.core.relay(stamps)
                case .pong(let sent, let parent): self.clockPong(sent: sent, parent: parent)
                case .roomState(let state): self.server.core.adoptOriginState(state)
                case .reject(let reason): self.lose("origin rejected the relay: \(reason)")
                case .bye(let reason): self.lose("origin said bye: \(reason)")
                default: break
                }
            }
        } catch {
            lose("bad data from origin: \(error)")
        }
        // One read from the origin is usually one packet: send what it brought at once.
        server.core.flushRelayedRooms()
    }

    func connection(_ connection: Connection, didCloseWith reason: CloseReason) {
        guard self.connection === connection else { return }
        lose("origin connection closed (\(reason))")
    }

    /// Every tick: the next attempt when one is due; a link silent too long is lost; a
    /// welcomed one is proven with a PING every `pingInterval`.
    private func beat() {
        guard !stopped else { return }
        let now = WallClock.monotonicNanos()
        // When this edge's own loop was held up (a busy fan-out), the origin's bytes may be
        // waiting unread: judge the silence only on a beat that came on time.
        let onTime = now &- lastBeatNanos < Self.pingInterval
        lastBeatNanos = now
        guard let connection else {
            if now >= nextAttemptNanos { connect() }
            return
        }
        if onTime && now &- lastHeardNanos > silenceTimeout {
            lose(joined ? "origin silent for \(silenceTimeout / 1_000_000) ms" : "no answer from origin within \(silenceTimeout / 1_000_000) ms")
            return
        }
        if welcomed && now &- lastPingNanos >= Self.pingInterval && connection.queuedBytes == 0 {
            lastPingNanos = now
            connection.send(FrameEncoder.encode(.ping(clientTimeNanos: WallClock.realtimeNanos())))
        }
    }

    /// A PONG: one more sample of the parent's clock. A `--workers` edge is a child process of
    /// its origin on the same kernel, so it shares the clock and applies nothing; any other edge
    /// stamps its hops on the parent's clock as estimated (`ClockEstimate.correction`: nothing
    /// when the estimate cannot be told from zero), and says the bound in every stamp.
    private func clockPong(sent: UInt64, parent: UInt64) {
        guard server.configuration.edgeIndex == 0 else { return }
        parentClock.add(sent: sent, server: parent, received: WallClock.realtimeNanos())
        guard let correction = parentClock.correction else { return }
        server.core.parentClock = (correction.offsetNanos, UInt32(clamping: (correction.boundNanos + 999) / 1000))
    }

    /// Sends each room's listener count and new reactions to the origin.
    func report(_ states: [RoomState]) {
        guard joined, let connection else { return }
        var bytes: [UInt8] = []
        for state in states { FrameEncoder.append(.roomState(state), to: &bytes) }
        if !bytes.isEmpty { connection.send(bytes) }
    }

    /// Sends one frame to the origin (SETTINGS adopted, EDGE_METRICS), once welcomed.
    func send(_ frame: Frame) {
        guard welcomed, let connection else { return }
        connection.send(FrameEncoder.encode(frame))
    }

    private func lose(_ why: String) {
        guard !stopped else { return }
        let wasJoined = joined
        connection?.close(notify: false)
        connection = nil
        welcomed = false
        joined = false
        if wasJoined {
            status.lost(lastHeardNanos: lastHeardNanos)
            logger.warning("edge lost its origin; keeping listeners and reconnecting", metadata: ["why": "\(why)", "origin": "\(origin)"])
        } else {
            status.attemptFailed()
        }
        retry(after: why)
    }

    private func retry(after why: String) {
        guard !stopped else { return }
        let delay = backoff.next(using: &random)
        logger.info("reaching origin again", metadata: ["origin": "\(origin)", "after": "\(why)", "in_ms": "\(delay.nanosecondsValue / 1_000_000)"])
        nextAttemptNanos = WallClock.monotonicNanos() + delay.nanosecondsValue
    }
}
