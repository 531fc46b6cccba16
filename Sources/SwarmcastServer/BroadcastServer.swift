import Foundation
import Logging
import SwarmcastLoop
import SwarmcastSettings
import SwarmcastWire
#if canImport(Glibc)
import Glibc
#endif

/// A broadcast server process: accepts clients, runs rooms, fans audio out, answers /metrics.
///
/// Everything runs on one event loop; `run()` returns after SIGINT/SIGTERM (or `shutdown()`) has
/// drained every connection. An edge binds its public port and builds its rooms only when its
/// origin's SETTINGS arrive, so it never serves a listener with settings of its own.
public final class BroadcastServer {
    /// The process's configuration; on an edge, `settings` are its origin's once adopted.
    public private(set) var configuration: ServerConfiguration
    /// The broadcast settings this process runs with.
    var settings: BroadcastSettings { configuration.settings }
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
    private var fanOut: FanOut
    /// Edge: pushes this edge's counters to the origin once a second.
    private var metricsPushTimer: LoopTimer?
    /// Origin: what each edge last pushed (counters, settings), by edge number.
    private var edgeReports = EdgeReports()
    /// Edge: whether the origin's settings have been adopted (rooms built, port bound).
    private var adopted = false
    private var running = false
    /// Decides when pending frames leave (tick, speaker frame, relay read alike).
    private var packetClock = PacketClock(framesPerPacket: 1)
    private var shuttingDown = false

    public init(configuration: ServerConfiguration, logger: Logger = Logger(label: "swarmcast.server")) throws(ServerError) {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        openFileLimit = ProcessLimits.raiseOpenFileLimit().soft
        do {
            loop = try EventLoop()
        } catch { throw .loop(error) }
        rooms = []
        demoSpeakers = DemoSpeakers(audio: configuration.settings.audio, speakersPerRoom: 0, startNanos: WallClock.realtimeNanos())
        fanOut = FanOut(policy: .skipToLive, backlogFrames: 1, metrics: metrics, loop: loop, memoryCeilingBytes: Int.max)
        relayFanOut = fanOut
        listenAddress = configuration.listen
        do {
            if let metricsAddress = configuration.metrics {
                http = try HTTPEndpoint(loop: loop, address: metricsAddress) { [unowned self] path in self.httpReply(path) }
                self.metricsAddress = http!.address
            }
        } catch { throw .loop(error) }
        if configuration.role != .edge { try adopt(configuration.settings) }
        for signal in [SIGINT, SIGTERM] {
            signalWatchers.append(SignalWatcher(loop: loop, signal: signal) { [unowned self] _ in self.shutdown() })
        }
        // A listener that vanishes must not kill the process with SIGPIPE (sends use MSG_NOSIGNAL too).
        Glibc.signal(SIGPIPE, SIG_IGN)
    }

    /// Builds rooms, fan-out and timers for `settings` and binds the broadcast port: at start, or
    /// on an edge when its origin's SETTINGS arrive.
    private func adopt(_ settings: BroadcastSettings) throws(ServerError) {
        configuration.settings = settings
        let demoCount = configuration.role == .edge ? 0 : settings.server.demoSpeakers
        rooms = (1...settings.server.rooms).map { Room(id: UInt32($0), demoSpeakers: demoCount) }
        demoSpeakers = DemoSpeakers(audio: settings.audio, speakersPerRoom: demoCount, startNanos: WallClock.realtimeNanos())
        fanOut = FanOut(policy: settings.server.slowListener, backlogFrames: settings.effectiveBacklogFrames, metrics: metrics,
                        loop: loop, memoryCeilingBytes: settings.server.backlogMemoryBytes)
        // A relay carries every listener of an edge: it is never disconnected, and only drops
        // audio after 20 times a listener's backlog.
        relayFanOut = FanOut(policy: .skipToLive, backlogFrames: settings.effectiveBacklogFrames * 20, metrics: metrics,
                             loop: loop, memoryCeilingBytes: Int.max)
        // An origin accepts edges and speakers on its own address; edges take the public port.
        var bindAddress = configuration.listen
        if configuration.role == .origin {
            bindAddress = configuration.originAddress ?? SocketAddress(host: "127.0.0.1", port: 0)
        }
        do {
            acceptor = try Acceptor(loop: loop, address: bindAddress, reusePort: configuration.reusePort) { [unowned self] fd, peer in
                self.accept(fd, peer: peer)
            }
            listenAddress = acceptor!.address
        } catch { throw .loop(error) }
        frameTimer = LoopTimer(loop: loop, interval: settings.audio.frameInterval, repeating: true) { [unowned self] in self.tick() }
        stateTimer = LoopTimer(loop: loop, interval: settings.server.roomStateInterval, repeating: true) { [unowned self] in self.publishRoomStates() }
        housekeepingTimer = LoopTimer(loop: loop, interval: .milliseconds(250), repeating: true) { [unowned self] in self.enforceDeadlines() }
        packetClock = PacketClock(framesPerPacket: settings.audio.framesPerPacket)
        adopted = true
        if running { startTimers() }
    }

    /// Starts the clocks; ticks land just after each frame's scheduled time, so a built-in frame
    /// waits ~0 ms, not up to a whole frame interval, before it is sent.
    private func startTimers() {
        demoSpeakers = DemoSpeakers(audio: settings.audio, speakersPerRoom: demoSpeakers.speakersPerRoom,
                                    startNanos: WallClock.realtimeNanos() - 1_000_000)
        frameTimer?.start()
        stateTimer?.start()
        housekeepingTimer?.start()
        logger.info("serving", metadata: [
            "role": "\(configuration.role.rawValue)", "listen": "\(listenAddress)", "metrics": "\(metricsAddress.map { "\($0)" } ?? "off")",
            "rooms": "\(rooms.count)", "demo_speakers": "\(settings.server.demoSpeakers)",
            "packet_interval": "\(settings.audio.packetInterval)", "open_files_limit": "\(openFileLimit)",
            "backend": "\(loop.backendName)",
        ])
    }

    /// Edge: the origin's SETTINGS arrived. The first ones build the edge; later ones (a
    /// reconnect never happens: an edge without its origin exits) are ignored.
    func adoptOriginSettings(_ bytes: [UInt8]) {
        guard !adopted else { return }
        do {
            let settings = try JSONDecoder().decode(BroadcastSettings.self, from: Data(bytes))
            try settings.validate()
            try adopt(settings)
        } catch {
            logger.error("edge cannot run with its origin's settings; exiting", metadata: ["error": "\(error)"])
            exitStatus = 1
            shutdown()
            return
        }
        uplink?.send(.settings(settings.wireBytes))
        metricsPushTimer = LoopTimer(loop: loop, interval: .seconds(1), repeating: true) { [unowned self] in
            self.uplink?.send(.edgeMetrics(Array(self.prometheusText().utf8)))
        }
        metricsPushTimer?.start()
        uplink?.send(.edgeMetrics(Array(prometheusText().utf8)))
    }

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
            let uplink = RelayUplink(server: self, edgeIndex: configuration.edgeIndex)
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
        running = true
        if adopted { startTimers() } else { logger.info("edge waiting for its origin's settings", metadata: ["origin": "\(configuration.originAddress!)"]) }
        loop.run()
        metricsPushTimer = nil
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
        metricsPushTimer?.cancel()
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
        guard configuration.role == .origin else { return own }
        let now = WallClock.monotonicNanos()
        let indices = Set((0..<configuration.workers).map { $0 + 1 }).union(edgeReports.indices)
        let edges = indices.sorted().map { i in
            (index: i, samples: edgeReports[i]?.samples, ageSeconds: edgeReports[i].map { Double(now &- $0.receivedAtNanos) / 1e9 })
        }
        return MetricsAggregation.originText(own: own, edges: edges, restarts: supervisor?.restarts ?? 0)
    }

    /// Origin: an edge's counters arrived (its Prometheus text).
    func absorb(edgeMetrics bytes: [UInt8], from edge: ClientSession) {
        edgeReports.record(samples: MetricsAggregation.samples(fromText: String(decoding: bytes, as: UTF8.self)),
                           edge: edge.relayIndex, now: WallClock.monotonicNanos())
    }

    /// Origin: an edge said which settings it adopted.
    func absorb(edgeSettings bytes: [UInt8], from edge: ClientSession) {
        guard let settings = try? JSONDecoder().decode(BroadcastSettings.self, from: Data(bytes)) else { return }
        edgeReports.record(settings: settings, edge: edge.relayIndex)
    }

    /// This process's settings document (`/settings`): on an origin with each edge's too.
    public var settingsDocument: SettingsDocument {
        SettingsDocument(process: configuration.processDescription, settings: settings,
                         edges: configuration.role == .origin ? edgeReports.settingsByEdge : nil)
    }

    private func accept(_ fd: Int32, peer: SocketAddress) {
        metrics.connectionsAccepted += 1
        // Cheap refusals first: a flood costs an accept and a close, nothing more.
        if pendingHandshakes >= settings.server.maxPendingHandshakes {
            metrics.countDisconnect("too-many-pending")
            Glibc.close(fd)
            return
        }
        let perAddress = connectionsByAddress[peer.host, default: 0]
        if settings.server.maxConnectionsPerAddress > 0 && perAddress >= settings.server.maxConnectionsPerAddress {
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
            session.relayIndex = Int(truncatingIfNeeded: hello.clientID)
            session.joined(.relay)
            // WELCOME, then the settings the edge must run with, in one write.
            var bytes = FrameEncoder.encode(.welcome(Welcome(session: nextSession, room: 0, listeners: 0, speakers: 0, lastSequence: 0)))
            FrameEncoder.append(.settings(settings.wireBytes), to: &bytes)
            session.connection.send(bytes)
            nextSession += 1
            return
        }
        guard hello.room >= 1, Int(hello.room) <= rooms.count else { return reject(.noSuchRoom) }
        let room = rooms[Int(hello.room) - 1]
        switch hello.role {
        case .listener:
            guard listenerCount < settings.server.maxListeners else { return reject(.full) }
            if let cap = settings.server.maxRoomListeners, room.listeners.count >= cap { return reject(.full) }
            room.add(listener: session)
            session.joined(.listener(room))
            listenerCount += 1
            metrics.listenersJoined += 1
        case .speaker:
            if let secret = settings.server.speakerSecret,
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
        guard listenerCount < settings.server.maxListeners else { return refuse("503 Service Unavailable", .full) }
        if let cap = settings.server.maxRoomListeners, room.listeners.count + room.httpListeners.count >= cap { return refuse("503 Service Unavailable", .full) }
        room.add(httpListener: session)
        session.joined(.httpListener(room))
        listenerCount += 1
        metrics.listenersJoined += 1
        var head = "HTTP/1.0 200 OK\r\nContent-Type: audio/x-swarmcast\r\nCache-Control: no-cache\r\nConnection: close\r\n"
        head += "icy-name: Swarmcast room \(room.id)\r\nicy-description: synthetic frames with capture times (docs/PROTOCOL.md)\r\n"
        head += "icy-br: \(settings.audio.kilobitsPerSecond)\r\nicy-pub: 0\r\n"
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
        guard packetClock.packetDue(after: .relayRead) else { return }
        for room in rooms { flush(room) }
    }

    /// A client speaker's frame: straight out when packets are single frames, else grouped.
    func publish(_ frame: AudioFrame, in room: Room) {
        metrics.framesIn += 1
        room.append(frame)
        if packetClock.packetDue(after: .speakerFrame) { flush(room) }
    }

    private func flush(_ room: Room) {
        if let httpPacket = room.takeHTTPPacket() { fanOut.deliverHTTP(httpPacket, to: room.httpListeners) }
        let now = WallClock.monotonicNanos()
        if room.hasPendingFrames && (!room.listeners.isEmpty || !relays.isEmpty) && now &- room.lastStateNanos >= settings.server.roomStateInterval.nanosecondsValue {
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
        if packetClock.packetDue(after: .tick) {
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
        let interval = settings.server.roomStateInterval.nanosecondsValue
        let silentAfter = max(interval, settings.audio.packetInterval.nanosecondsValue) + interval / 2
        for room in rooms where !room.listeners.isEmpty && now &- room.lastStateNanos >= silentAfter {
            room.lastStateNanos = now
            let packet = OutboundPacket(bytes: FrameEncoder.encode(.roomState(room.state)))
            for listener in room.listeners { listener.connection.send(packet) }
        }
    }

    private func enforceDeadlines() {
        let now = WallClock.monotonicNanos()
        let deadline = now &- settings.server.handshakeTimeout.nanosecondsValue
        let idleDeadline = now &- settings.server.speakerIdleTimeout.nanosecondsValue
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
        case "/settings":
            return HTTPReply(contentType: "application/json", body: settingsDocument.json + "\n")
        case "/health":
            return HTTPReply(status: shuttingDown ? 503 : 200, body: shuttingDown ? "draining\n" : "ok\n")
        default:
            return HTTPReply(status: 404, body: "not found: try /metrics, /settings or /health\n")
        }
    }
}
