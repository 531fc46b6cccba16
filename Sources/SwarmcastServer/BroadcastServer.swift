import Logging
import SwarmcastLoop
import SwarmcastWire
#if canImport(Glibc)
import Glibc
#endif

/// A broadcast server process: accepts clients, runs rooms, fans audio out, answers /metrics.
///
/// Everything runs on one event loop; `run()` returns after SIGINT/SIGTERM (or `shutdown()`) has
/// drained every connection.
public final class BroadcastServer {
    public let configuration: ServerConfiguration
    public let metrics = ServerMetrics()
    /// The address listeners connect to (the real port when 0 was asked for).
    public private(set) var listenAddress: SocketAddress
    /// The /metrics address, if serving one.
    public private(set) var metricsAddress: SocketAddress?
    public let openFileLimit: UInt64

    let loop: EventLoop
    private let logger: Logger
    private var acceptor: Acceptor?
    private var http: HTTPEndpoint?
    private(set) var rooms: [Room]
    private var sessions: [ObjectIdentifier: ClientSession] = [:]
    private var listenerCount = 0
    private var nextSession: UInt64 = 1
    private var frameTimer: LoopTimer?
    private var stateTimer: LoopTimer?
    private var housekeepingTimer: LoopTimer?
    private var signalWatchers: [SignalWatcher] = []
    private var pendingHandshakes = 0
    private var connectionsByAddress: [String: Int] = [:]
    /// Edge processes relaying this origin's rooms (origin only).
    private var relays: [ClientSession] = []
    private var relayFanOut: FanOut
    private var supervisor: EdgeSupervisor?
    private var uplink: RelayUplink?
    /// The exit status `serve` should end with (1 when an edge lost its origin).
    public private(set) var exitStatus: Int32 = 0
    private var demoSpeakers: DemoSpeakers
    private let fanOut: FanOut
    private var ticks = 0
    private var shuttingDown = false

    public init(configuration: ServerConfiguration, logger: Logger = Logger(label: "swarmcast.server")) throws(ServerError) {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        openFileLimit = ProcessLimits.raiseOpenFileLimit().soft
        do {
            loop = try EventLoop()
        } catch { throw .loop(error) }
        rooms = (1...configuration.rooms).map { Room(id: UInt32($0), demoSpeakers: configuration.demoSpeakers) }
        demoSpeakers = DemoSpeakers(configuration: configuration, startNanos: WallClock.realtimeNanos())
        fanOut = FanOut(policy: configuration.slowListenerPolicy, backlogFrames: configuration.backlogFrames, metrics: metrics,
                        loop: loop, memoryCeilingBytes: configuration.backlogMemoryBytes)
        // A relay carries every listener of an edge: it is never disconnected, and only drops
        // audio after 20 times a listener's backlog.
        relayFanOut = FanOut(policy: .skipToLive, backlogFrames: configuration.backlogFrames * 20, metrics: metrics,
                             loop: loop, memoryCeilingBytes: Int.max)
        listenAddress = configuration.listen
        // An origin accepts edges and speakers on its own address; edges take the public port.
        var bindAddress = configuration.listen
        if configuration.role == .origin {
            bindAddress = configuration.originAddress ?? SocketAddress(host: "127.0.0.1", port: 0)
        }
        do {
            acceptor = try Acceptor(loop: loop, address: bindAddress, reusePort: configuration.reusePort || configuration.role == .edge) { [unowned self] fd, peer in
                self.accept(fd, peer: peer)
            }
            listenAddress = acceptor!.address
            if let metricsAddress = configuration.metrics {
                http = try HTTPEndpoint(loop: loop, address: metricsAddress) { [unowned self] path in self.httpReply(path) }
                self.metricsAddress = http!.address
            }
        } catch { throw .loop(error) }
        frameTimer = LoopTimer(loop: loop, interval: configuration.frameInterval, repeating: true) { [unowned self] in self.tick() }
        stateTimer = LoopTimer(loop: loop, interval: configuration.roomStateInterval, repeating: true) { [unowned self] in self.publishRoomStates() }
        housekeepingTimer = LoopTimer(loop: loop, interval: .milliseconds(250), repeating: true) { [unowned self] in self.enforceDeadlines() }
        for signal in [SIGINT, SIGTERM] {
            signalWatchers.append(SignalWatcher(loop: loop, signal: signal) { [unowned self] _ in self.shutdown() })
        }
        // A listener that vanishes must not kill the process with SIGPIPE (sends use MSG_NOSIGNAL too).
        Glibc.signal(SIGPIPE, SIG_IGN)
    }

    /// Serves until shut down.
    /// Where an origin accepts edges and speakers.
    public var originAddress: SocketAddress? { configuration.role == .origin ? listenAddress : nil }

    public func run() {
        switch configuration.role {
        case .origin:
            let supervisor = EdgeSupervisor(configuration: configuration, origin: listenAddress, logger: logger)
            do { try supervisor.start(loop: loop) } catch {
                logger.error("could not start edges: \(error)")
                exitStatus = 1
                return
            }
            self.supervisor = supervisor
            logger.info("origin", metadata: ["edges": "\(configuration.workers)", "public": "\(configuration.listen)", "origin": "\(listenAddress)"])
        case .edge:
            let uplink = RelayUplink(server: self)
            uplink.onLost = { [unowned self] why in
                self.logger.error("edge lost its origin; exiting", metadata: ["why": "\(why)", "edge": "\(self.configuration.edgeIndex)"])
                self.exitStatus = 1
                self.shutdown()
            }
            do { try uplink.start(loop: loop, origin: configuration.originAddress!) } catch {
                logger.error("edge cannot reach its origin: \(error)")
                exitStatus = 1
                return
            }
            self.uplink = uplink
        case .standalone:
            break
        }
        // Ticks land just after each frame's scheduled time, so a built-in frame waits ~0 ms, not
        // up to a whole frame interval, before it is sent.
        demoSpeakers = DemoSpeakers(configuration: configuration, startNanos: WallClock.realtimeNanos() - 1_000_000)
        frameTimer?.start()
        stateTimer?.start()
        housekeepingTimer?.start()
        logger.info("serving", metadata: [
            "listen": "\(listenAddress)", "metrics": "\(metricsAddress.map { "\($0)" } ?? "off")",
            "rooms": "\(rooms.count)", "demo_speakers": "\(configuration.demoSpeakers)",
            "packet_interval": "\(configuration.packetInterval)", "open_files_limit": "\(openFileLimit)",
            "backend": "\(loop.backendName)",
        ])
        loop.run()
        frameTimer = nil
        stateTimer = nil
        housekeepingTimer = nil
        signalWatchers.removeAll()
        http = nil
        logger.info("stopped", metadata: ["frames_out": "\(metrics.framesOut)", "listeners_joined": "\(metrics.listenersJoined)"])
    }

    /// Stops accepting, says BYE(shutdown) to every client, and ends `run()` once they are flushed
    /// (or after two seconds, whichever is first).
    public func shutdown() {
        guard !shuttingDown else { return }
        shuttingDown = true
        logger.info("shutting down", metadata: ["clients": "\(sessions.count)"])
        acceptor?.close()
        acceptor = nil
        frameTimer?.cancel()
        supervisor?.stop()
        for session in Array(sessions.values) { session.sayGoodbye(.shutdown) }
        let deadline = WallClock.monotonicNanos() + 2_000_000_000
        housekeepingTimer = LoopTimer(loop: loop, interval: .milliseconds(20), repeating: true) { [unowned self] in
            if self.sessions.isEmpty && self.loop.drainingConnections == 0 || WallClock.monotonicNanos() > deadline { self.loop.stop() }
        }
        housekeepingTimer?.start()
    }

    /// Listeners connected now.
    public var listeners: Int { listenerCount }

    /// The Prometheus text of /metrics.
    public func prometheusText() -> String {
        metrics.acceptPauses = acceptor?.resourceExhaustions ?? metrics.acceptPauses
        let own = metrics.prometheusText(listeners: listenerCount, speakers: rooms.reduce(0) { $0 + $1.speakerCount },
                                         rooms: rooms.count, openFileLimit: openFileLimit)
        guard let supervisor else { return own }
        return MetricsAggregation.originText(own: own, edges: supervisor.scrapeEdges(), restarts: supervisor.restarts)
    }

    private func accept(_ fd: Int32, peer: SocketAddress) {
        metrics.connectionsAccepted += 1
        // Cheap refusals first: a flood costs an accept and a close, nothing more.
        if pendingHandshakes >= configuration.maxPendingHandshakes {
            metrics.countDisconnect("too-many-pending")
            Glibc.close(fd)
            return
        }
        let perAddress = connectionsByAddress[peer.host, default: 0]
        if configuration.maxConnectionsPerAddress > 0 && perAddress >= configuration.maxConnectionsPerAddress {
            metrics.countDisconnect("per-address-limit")
            Glibc.close(fd)
            return
        }
        connectionsByAddress[peer.host] = perAddress + 1
        pendingHandshakes += 1
        let session = ClientSession(server: self, loop: loop, socket: fd, peerHost: peer.host)
        sessions[ObjectIdentifier(session)] = session
    }

    func forget(_ session: ClientSession) {
        guard sessions.removeValue(forKey: ObjectIdentifier(session)) != nil else { return }
        if let n = connectionsByAddress[session.peerHost] {
            if n <= 1 { connectionsByAddress.removeValue(forKey: session.peerHost) } else { connectionsByAddress[session.peerHost] = n - 1 }
        }
    }

    /// A session left the awaiting-HELLO state (joined, rejected or closed).
    func handshakeEnded() { pendingHandshakes -= 1 }

    /// Decides a HELLO: welcome, or reject with a reason and close.
    func admit(_ session: ClientSession, hello: Hello) {
        func reject(_ reason: RejectReason) {
            metrics.countReject(reason)
            session.closeAfterSending(.reject(reason), reason: "rejected")
        }
        guard hello.version == protocolVersion else { return reject(.badVersion) }
        if hello.role == .relay {
            guard configuration.role == .origin else { return reject(.overloaded) }
            relays.append(session)
            session.joined(.relay)
            session.connection.send(FrameEncoder.encode(.welcome(Welcome(session: nextSession, room: 0, listeners: 0, speakers: 0, lastSequence: 0))))
            nextSession += 1
            return
        }
        guard hello.room >= 1, Int(hello.room) <= rooms.count else { return reject(.noSuchRoom) }
        let room = rooms[Int(hello.room) - 1]
        switch hello.role {
        case .listener:
            guard listenerCount < configuration.maxListeners else { return reject(.full) }
            if let cap = configuration.maxRoomListeners, room.listeners.count >= cap { return reject(.full) }
            room.add(listener: session)
            session.joined(.listener(room))
            listenerCount += 1
            metrics.listenersJoined += 1
        case .speaker:
            if let secret = configuration.speakerSecret,
               !SpeakerToken.verify(hello.token, secret: secret, room: hello.room, now: UInt64(WallClock.realtimeNanos() / 1_000_000_000)) {
                return reject(.badToken)
            }
            guard let seat = room.seat(speaker: session) else { return reject(.speakerSeatsTaken) }
            session.joined(.speaker(room, seat: seat))
            metrics.speakersJoined += 1
        case .relay:
            return  // handled above
        }
        let welcome = Welcome(session: nextSession, room: room.id, listeners: UInt32(room.listeners.count),
                              speakers: UInt8(room.speakerCount), lastSequence: room.lastSequence)
        nextSession += 1
        session.connection.send(FrameEncoder.encode(.welcome(welcome)))
    }

    /// Decides an HTTP listen request: the response head and joining the room, or an error status.
    func admitHTTP(_ session: ClientSession, request: HTTPListenRequest) {
        func refuse(_ status: String, _ reason: RejectReason?) {
            if let reason { metrics.countReject(reason) }
            session.closeAfterSending(raw: Array("HTTP/1.0 \(status)\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n\(status)\n".utf8), reason: "http-refused")
        }
        guard let roomNumber = request.room else { return refuse("404 Not Found", nil) }
        guard roomNumber >= 1, Int(roomNumber) <= rooms.count else { return refuse("404 Not Found", .noSuchRoom) }
        let room = rooms[Int(roomNumber) - 1]
        guard listenerCount < configuration.maxListeners else { return refuse("503 Service Unavailable", .full) }
        if let cap = configuration.maxRoomListeners, room.listeners.count + room.httpListeners.count >= cap { return refuse("503 Service Unavailable", .full) }
        room.add(httpListener: session)
        session.joined(.httpListener(room))
        listenerCount += 1
        metrics.listenersJoined += 1
        var head = "HTTP/1.0 200 OK\r\nContent-Type: audio/x-swarmcast\r\nCache-Control: no-cache\r\nConnection: close\r\n"
        head += "icy-name: Swarmcast room \(room.id)\r\nicy-description: synthetic frames with capture times (docs/PROTOCOL.md)\r\n"
        let frameMillis = Double(configuration.frameInterval.nanosecondsValue) / 1e6
        head += "icy-br: \(Int((Double(configuration.payloadBytes) * 8 / frameMillis).rounded()))\r\nicy-pub: 0\r\n"
        if let interval = session.icyMetaInterval { head += "icy-metaint: \(interval)\r\n" }
        session.connection.send(Array((head + "\r\n").utf8))
    }

    /// Counts a listener leaving (called by the session as it leaves its room).
    func listenerLeft() { listenerCount -= 1 }
    func relayLeft(_ session: ClientSession) {
        relays.removeAll { $0 === session }
        for room in rooms { room.forget(edge: ObjectIdentifier(session)) }
    }

    /// Origin: an edge reported a room's listeners and reactions.
    func absorb(edgeReport: RoomState, from edge: ClientSession) {
        guard edgeReport.room >= 1, Int(edgeReport.room) <= rooms.count else { return }
        // Not added to this process's reaction counter: the edge counted them, and the origin's
        // /metrics already sums the edges'.
        rooms[Int(edgeReport.room) - 1].absorb(edgeReport: edgeReport, from: ObjectIdentifier(edge))
    }

    /// Edge: the origin's view of a room, which this edge's listeners are shown.
    func adoptOriginState(_ state: RoomState) {
        guard state.room >= 1, Int(state.room) <= rooms.count else { return }
        rooms[Int(state.room) - 1].originState = state
    }

    /// Edge: a frame from the origin joins the local room's next packet.
    func relay(_ frame: AudioFrame) {
        guard frame.room >= 1, Int(frame.room) <= rooms.count else { return }
        metrics.framesIn += 1
        rooms[Int(frame.room) - 1].append(frame)
    }

    /// Edge: sends what the origin's last packet brought.
    func flushRelayedRooms() {
        for room in rooms { flush(room) }
    }

    /// A client speaker's frame: straight out when packets are single frames, else grouped.
    func publish(_ frame: AudioFrame, in room: Room) {
        metrics.framesIn += 1
        room.append(frame)
        if configuration.framesPerPacket == 1 { flush(room) }
    }

    private func flush(_ room: Room) {
        if let httpPacket = room.takeHTTPPacket() { fanOut.deliverHTTP(httpPacket, to: room.httpListeners) }
        let now = WallClock.monotonicNanos()
        if room.hasPendingFrames && (!room.listeners.isEmpty || !relays.isEmpty) && now &- room.lastStateNanos >= configuration.roomStateInterval.nanosecondsValue {
            room.appendState(now: now)
        }
        guard let packet = room.takePacket() else { return }
        fanOut.deliver(packet, to: room.listeners)
        if !relays.isEmpty { relayFanOut.deliver(packet, to: relays) }
        let lagNanos = WallClock.realtimeNanos() &- packet.oldestCaptureNanos
        if lagNanos < 3_600_000_000_000 { metrics.fanOutLag.record(Double(lagNanos) / 1e9) }
    }

    /// Every frame interval: built-in speakers produce what is due, and rooms whose packet is
    /// complete send it.
    private func tick() {
        let produced = demoSpeakers.produceDueFrames(now: WallClock.realtimeNanos(), rooms: rooms)
        metrics.framesIn += produced
        ticks += 1
        if ticks % configuration.framesPerPacket == 0 {
            for room in rooms { flush(room) }
        }
    }

    /// ROOM_STATE on its own only for rooms whose audio has stopped: while audio flows, the state
    /// rides in the audio packet (once per packet when packets are longer than the state
    /// interval), because a separate write would double what a 3 s-packet listener costs. An
    /// edge also reports its listeners and new reactions to the origin.
    private func publishRoomStates() {
        uplink?.report(rooms.map { $0.takeEdgeReport() })
        let now = WallClock.monotonicNanos()
        let interval = configuration.roomStateInterval.nanosecondsValue
        let silentAfter = max(interval, configuration.packetInterval.nanosecondsValue) + interval / 2
        for room in rooms where !room.listeners.isEmpty && now &- room.lastStateNanos >= silentAfter {
            room.lastStateNanos = now
            let packet = OutboundPacket(bytes: FrameEncoder.encode(.roomState(room.state)))
            for listener in room.listeners { listener.connection.send(packet) }
        }
    }

    private func enforceDeadlines() {
        let now = WallClock.monotonicNanos()
        let deadline = now &- configuration.handshakeTimeout.nanosecondsValue
        let idleDeadline = now &- configuration.speakerIdleTimeout.nanosecondsValue
        for session in sessions.values {
            if session.isAwaitingHello && session.acceptedAtNanos < deadline {
                session.close(reason: "handshake-timeout")
            } else if session.isSpeaker && session.lastActivityNanos < idleDeadline {
                session.sayGoodbye(.idle)
            }
        }
    }

    private func httpReply(_ path: String) -> HTTPReply {
        switch path {
        case "/metrics":
            return HTTPReply(contentType: "text/plain; version=0.0.4; charset=utf-8", body: prometheusText())
        case "/health":
            return HTTPReply(status: shuttingDown ? 503 : 200, body: shuttingDown ? "draining\n" : "ok\n")
        default:
            return HTTPReply(status: 404, body: "not found: try /metrics or /health\n")
        }
    }
}
