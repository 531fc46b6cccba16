import Foundation
import Logging
import SwarmcastLoop
import SwarmcastSettings
import SwarmcastWire
#if canImport(Glibc)
import Glibc
#endif

/// A broadcast server process: the shell around a `BroadcastCore`. It owns the sockets (acceptor,
/// sessions, /metrics), the timers, the edge supervisor and the relay uplink, and hands every
/// decision (admission, rooms, when a packet leaves and who gets it) to the core.
///
/// Everything runs on one event loop; `run()` returns after SIGINT/SIGTERM (or `shutdown()`) has
/// drained every connection. An edge binds its public port and builds its rooms only when its
/// origin's SETTINGS arrive, so it never serves a listener with settings of its own. Every process
/// accepts relays (edges) where it accepts clients, so edges form a tree; the edge's side of that
/// (rejoining, settings on rejoin, depth) is in `BroadcastServer+Edge.swift`.
public final class BroadcastServer {
    /// The process's configuration; on an edge, `settings` are its origin's once adopted.
    public internal(set) var configuration: ServerConfiguration
    /// The broadcast settings this process runs with.
    var settings: BroadcastSettings { configuration.settings }
    public let metrics = ServerMetrics()
    /// The address listeners connect to (the real port when 0 was asked for).
    public private(set) var listenAddress: SocketAddress
    /// The /metrics address, if serving one.
    public private(set) var metricsAddress: SocketAddress?
    public let openFileLimit: UInt64

    let loop: EventLoop
    let logger: Logger
    private var acceptor: Acceptor?
    private var http: HTTPEndpoint?
    /// Rooms, admission and fan-out; rebuilt when an edge adopts its origin's settings.
    private(set) var core: BroadcastCore
    private var sessions: [ObjectIdentifier: ClientSession] = [:]
    /// The sessions a deadline can close: awaiting HELLO, HLS keep-alive, speakers. Listeners
    /// have none, so the 4-per-second sweep never walks them (at 15,000 listeners walking every
    /// session was ~2% of the server's CPU at 3 s packets: issue 21's limit runs).
    private var deadlineWatched: [ObjectIdentifier: ClientSession] = [:]
    private var frameTimer: LoopTimer?
    var stateTimer: LoopTimer?
    /// The deadline sweep, 4 times a second, armed only while `deadlineWatched` holds a session:
    /// a server of listeners alone sleeps between its packets. Each wake-up cost ~0.1 ms of CPU
    /// on the VM where issue 21 was measured (its timer and task switch): with 15,000 listeners at 3 s packets `serve`'s CPU
    /// between packets fell from 0.35 to 0.20 ms a second, where the C loop it is measured
    /// against wakes once per packet (issue 21).
    private var deadlineTimer: LoopTimer?
    /// After `shutdown()`: ends the loop once every client is flushed, or after two seconds.
    private var drainTimer: LoopTimer?
    private var signalWatchers: [SignalWatcher] = []
    private var pendingHandshakes = 0
    private var connectionsByAddress: [String: Int] = [:]
    private var supervisor: EdgeSupervisor?
    /// Edge: the link to its origin (reconnecting when it drops).
    var uplink: RelayUplink?
    /// The exit status `serve` should end with (1 when an edge cannot run with its origin's settings).
    public internal(set) var exitStatus: Int32 = 0
    /// Edge: pushes this edge's counters to the origin once a second.
    var metricsPushTimer: LoopTimer?
    /// What each edge relaying from this process last pushed (counters, settings), by edge number.
    var edgeReports = EdgeReports()
    /// Edge: whether the origin's settings have been adopted (rooms built, port bound).
    var adopted = false
    /// This process's place in the tree of edges: 0 for a root, its parent's depth + 1 for an edge.
    var treeDepth: Int
    /// Random per process start: a rejoining edge tells a restarted parent from the same one by it.
    let instance = UInt64.random(in: 1...UInt64.max)
    /// Edge: the parent instance last joined (nil before the first join).
    var parentInstance: UInt64?
    var running = false
    private var shuttingDown = false

    public init(configuration: ServerConfiguration, logger: Logger = Logger(label: "swarmcast.server")) throws(ServerError) {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        openFileLimit = ProcessLimits.raiseOpenFileLimit().soft
        do {
            loop = try EventLoop()
        } catch { throw .loop(error) }
        let loop = loop
        core = BroadcastCore(settings: configuration.settings, role: configuration.role, metrics: metrics, roomCount: 0, directWrites: loop.directWrites) { loop.queuedBytes }
        listenAddress = configuration.listen
        treeDepth = configuration.role == .edge ? 1 : 0
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
    func adopt(_ settings: BroadcastSettings) throws(ServerError) {
        configuration.settings = settings
        let loop = loop
        core = BroadcastCore(settings: settings, role: configuration.role, metrics: metrics, directWrites: loop.directWrites) { loop.queuedBytes }
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
        frameTimer = LoopTimer(loop: loop, interval: settings.audio.frameInterval * core.framesPerTick, repeating: true) { [unowned self] in self.core.tick() }
        stateTimer = LoopTimer(loop: loop, interval: settings.server.roomStateInterval, repeating: true) { [unowned self] in self.publishRoomStates() }
        deadlineTimer = LoopTimer(loop: loop, interval: .milliseconds(250), repeating: true) { [unowned self] in self.enforceDeadlines() }
        adopted = true
        if running { startTimers() }
    }

    /// Starts the clocks; ticks land just after each frame's scheduled time, so a built-in frame
    /// waits ~0 ms, not up to a whole frame interval, before it is sent.
    private func startTimers() {
        loop.refreshClock()
        core.restartDemoSpeakers(startNanos: WallClock.realtimeNanos() - 1_000_000)
        frameTimer?.start()
        stateTimer?.start()
        armDeadlineSweep()
        logger.info("serving", metadata: [
            "role": "\(configuration.role.rawValue)", "listen": "\(listenAddress)", "metrics": "\(metricsAddress.map { "\($0)" } ?? "off")",
            "rooms": "\(core.rooms.count)", "demo_speakers": "\(settings.server.demoSpeakers)",
            "packet_interval": "\(settings.audio.packetInterval)", "open_files_limit": "\(openFileLimit)",
            "backend": "\(loop.backendName)",
        ])
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
            startUplink()
        case .standalone:
            break
        }
        running = true
        if adopted { startTimers() } else { logger.info("edge waiting for its origin's settings", metadata: ["origin": "\(configuration.originAddress!)"]) }
        loop.run()
        metricsPushTimer = nil
        frameTimer = nil
        stateTimer = nil
        deadlineTimer = nil
        drainTimer = nil
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
        uplink?.stop()
        supervisor?.stop()
        for session in Array(sessions.values) { session.sayGoodbye(.shutdown) }
        let deadline = WallClock.monotonicNanos() + 2_000_000_000
        deadlineTimer?.cancel()
        drainTimer = LoopTimer(loop: loop, interval: .milliseconds(20), repeating: true) { [unowned self] in
            if self.sessions.isEmpty && self.loop.drainingConnections == 0 || WallClock.monotonicNanos() > deadline { self.loop.stop() }
        }
        drainTimer?.start()
    }

    /// Listeners connected now.
    public var listeners: Int { core.listenerCount }

    /// The Prometheus text of /metrics.
    public func prometheusText() -> String {
        metrics.acceptPauses = acceptor?.resourceExhaustions ?? metrics.acceptPauses
        let now = WallClock.monotonicNanos()
        let own = metrics.prometheusText(listeners: core.listenerCount, speakers: core.speakerCount,
                                         rooms: core.rooms.count, openFileLimit: openFileLimit)
            + TreeMetrics.text(depth: treeDepth, link: uplink?.status, renumberedSeats: core.sequenceBridge.renumberings, now: now)
        // A process with edges of its own (an origin, or any process relays joined) sums theirs.
        guard configuration.role == .origin || !edgeReports.indices.isEmpty else { return own }
        let indices = Set((0..<configuration.workers).map { $0 + 1 }).union(edgeReports.indices)
        let edges = indices.sorted().map { i in
            (index: i, samples: edgeReports[i]?.samples, ageSeconds: edgeReports[i].map { Double(now &- $0.receivedAtNanos) / 1e9 })
        }
        return MetricsAggregation.originText(own: own, edges: edges, restarts: supervisor?.restarts ?? 0)
    }

    /// An edge's counters arrived (its Prometheus text; its own edges' already summed in).
    func absorb(edgeMetrics bytes: [UInt8], from edge: ClientSession) {
        edgeReports.record(samples: MetricsAggregation.samples(fromText: String(decoding: bytes, as: UTF8.self)),
                           edge: edge.relayIndex, now: WallClock.monotonicNanos())
    }

    /// An edge said which settings it adopted.
    func absorb(edgeSettings bytes: [UInt8], from edge: ClientSession) {
        guard let settings = try? JSONDecoder().decode(BroadcastSettings.self, from: Data(bytes)) else { return }
        edgeReports.record(settings: settings, edge: edge.relayIndex)
    }

    /// This process's settings document (`/settings`): on an origin with each edge's too.
    public var settingsDocument: SettingsDocument {
        SettingsDocument(process: configuration.processDescription, settings: settings,
                         edges: configuration.role == .origin || !edgeReports.indices.isEmpty ? edgeReports.settingsByEdge : nil)
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
        deadlineWatched[ObjectIdentifier(session)] = session
        armDeadlineSweep()
    }

    /// Starts the deadline sweep if a session needs it and it is not running (the timers run once
    /// `run()` has begun, and no sweep runs while shutting down).
    private func armDeadlineSweep() {
        guard running, !shuttingDown, !deadlineWatched.isEmpty, let deadlineTimer, !deadlineTimer.isRunning else { return }
        deadlineTimer.start()
    }

    /// A session changed state: it stays under the deadline sweep only if a deadline can close it.
    func reviewDeadlines(of session: ClientSession) {
        if session.hasDeadline {
            deadlineWatched[ObjectIdentifier(session)] = session
            armDeadlineSweep()
        } else {
            deadlineWatched.removeValue(forKey: ObjectIdentifier(session))
        }
    }

    func forget(_ session: ClientSession) {
        guard sessions.removeValue(forKey: ObjectIdentifier(session)) != nil else { return }
        deadlineWatched.removeValue(forKey: ObjectIdentifier(session))
        if let n = connectionsByAddress[session.peerHost] {
            if n <= 1 { connectionsByAddress.removeValue(forKey: session.peerHost) } else { connectionsByAddress[session.peerHost] = n - 1 }
        }
    }

    /// A session left the awaiting-HELLO state (joined, rejected or closed).
    func handshakeEnded() { pendingHandshakes -= 1 }

    /// An edge reports its listeners and new reactions to the origin; rooms whose audio has
    /// stopped get ROOM_STATE on its own.
    func publishRoomStates() {
        if let uplink, uplink.joined { uplink.report(core.takeEdgeReports()) }
        core.publishSilentRoomStates()
    }

    private func enforceDeadlines() {
        let now = WallClock.monotonicNanos()
        let deadline = now &- settings.server.handshakeTimeout.nanosecondsValue
        let idleDeadline = now &- settings.server.speakerIdleTimeout.nanosecondsValue
        for session in Array(deadlineWatched.values) {
            if session.isAwaitingHello && session.acceptedAtNanos < deadline {
                session.close(reason: "handshake-timeout")
            } else if session.hlsIdle(before: deadline) {
                session.close(reason: "hls-idle-timeout")
            } else if session.isSpeaker && session.lastActivityNanos < idleDeadline {
                session.sayGoodbye(.idle)
            }
        }
        if deadlineWatched.isEmpty { deadlineTimer?.cancel() }
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
