import SwarmcastLoop
import SwarmcastMeasure
import SwarmcastWire

/// One simulated listener: connecting → hello sent → welcomed (or rejected) → receiving → closed.
///
/// Kept small (a few hundred bytes with its connection) because an agent holds thousands; every
/// measurement goes straight into the agent's histograms and counters.
final class ListenerClient: ConnectionDelegate {
    enum State: UInt8 { case idle, connecting, helloSent, receiving, closed }

    /// The agent owns its listeners and lives as long as the process, so no reference counting
    /// on this pointer (it is read for every frame).
    private unowned(unsafe) let agent: SwarmAgent
    private unowned(unsafe) let measurements: AgentMeasurements
    let id: UInt64
    /// The listener's global index in the swarm's plan, and which of its sessions this is (a
    /// churned listener comes back as the next generation): what the planner's choices key on.
    let index: Int
    let generation: Int
    let room: UInt32
    let server: SocketAddress
    let source: SocketAddress?
    private(set) var state: State = .idle
    var connection: Connection?
    /// Monotonic start of the current connect attempt.
    private(set) var startNanos: UInt64 = 0
    var lastAudioNanos: UInt64 = 0
    /// Planned end of the session under churn (monotonic ns), 0 for none.
    var sessionEndNanos: UInt64 = 0
    var stalled = false
    var reconnectAttempts = 0
    /// Set after the first start: later starts are reconnects of the same listener.
    private var hasBeenConnected = false
    /// Monotonic time at which a pending reconnect is due, 0 when none.
    var reconnectDueNanos: UInt64 = 0
    /// Position in the agent's live list, -1 when not in it.
    var slot = -1
    private var gotAudio = false
    /// A slow reader stops reading once welcomed, to test the server's slow-listener policy.
    let isSlowReader: Bool
    /// Listen over HTTP (`GET /rooms/R/listen`, Icecast-style) instead of the native protocol.
    private var usesHTTP: Bool { agent.plan.listeners.protocol == .httpAudio }
    private var httpHead: [UInt8] = []
    private var chunkParser = HTTPAudioChunk.Parser()
    /// Last sequence seen per speaker seat (0 = none yet).
    private var lastSequence: [UInt64] = []
    private var decoder = FrameDecoder(maximumFrameBytes: 1 << 20, keepsAudioPayload: false)
    /// The hop stamps of the packet being read (a version 2 server sends them), for the one
    /// listener in `DelayTier.listenersPerSplit` that splits its delay by tier; nil for the
    /// others, whose reads then cost nothing more than the HOPS frame's bytes.
    private var hopCursor: HopStampCursor?
    /// A decoded listener's demultiplexer and decoder (`listeners.decode`); nil for the others.
    var ears: ListenerEars?
    /// The HLS / LL-HLS player, for `--protocol hls|ll-hls` (`HLSListenerClient.swift`).
    private(set) var hls: HLSListenerSession?
    private var usesHLS: Bool { agent.plan.listeners.protocol.isHLS }

    init(agent: SwarmAgent, index: Int, generation: Int, room: UInt32, server: SocketAddress, source: SocketAddress?, isSlowReader: Bool = false) {
        self.isSlowReader = isSlowReader
        hopCursor = DelayTier.splits(listenerIndex: index) ? HopStampCursor() : nil
        self.agent = agent
        self.measurements = agent.measurements
        self.index = index
        self.generation = generation
        id = UInt64(index) << 16 | UInt64(min(generation, 0xFFFF))
        self.room = room
        self.server = server
        self.source = source
    }

    var isOpen: Bool { state == .connecting || state == .helloSent || state == .receiving }

    /// Starts connecting; throws when no socket could be made (counted by the caller). A
    /// reconnecting listener keeps its last sequence numbers, so it resumes at the live position
    /// and the frames it missed while away count as lost.
    func start(loop: EventLoop) throws(LoopError) {
        startNanos = WallClock.monotonicNanos()
        gotAudio = false
        stalled = false
        if !hasBeenConnected { lastSequence = [] }
        hasBeenConnected = true
        decoder = FrameDecoder(maximumFrameBytes: 1 << 20, keepsAudioPayload: false)
        ears?.restart()
        var address = server
        if usesHLS {
            let target = try agent.hlsTarget(room: room, server: server)
            address = target.address
            hls = HLSListenerSession(listener: self, measurements: measurements, wheel: agent.timerWheel, target: target,
                                     lowLatency: agent.plan.listeners.protocol == .llHLS,
                                     lateAfterUnits: agent.plan.listeners.lateAfter.map { LatencyUnit.units($0) },
                                     usesDeltaUpdates: agent.plan.listeners.playlistUpdates == .delta,
                                     responseTimeoutNanos: UInt64(agent.plan.listeners.connectTimeout.nanosecondsValue))
        }
        connection = try Connection(loop: loop, connectingTo: address, from: source, delegate: self)
        state = .connecting
    }

    /// Sends a PING stamped `localNanos` (the agent's local clock); the PONG goes to the agent's clock estimate.
    func sendPing(_ localNanos: UInt64) {
        guard state == .receiving, let connection else { return }
        connection.send(FrameEncoder.encode(.ping(clientTimeNanos: localNanos)))
    }

    /// Ends the session on purpose (churn, ramp-down, end of run): BYE, close, no failure counted.
    func leave() {
        guard isOpen, let connection else { return }
        if (state == .receiving || state == .helloSent) && hls == nil {
            connection.send(FrameEncoder.encode(.bye(.normal)))
        }
        connection.close(notify: false)
        finish()
    }

    /// Ends the session as a failure with `reason`.
    func fail(_ reason: String) {
        guard isOpen else { return }
        connection?.close(notify: false)
        measurements.countDisconnect(reason)
        finish(failed: true)
    }

    private func finish(failed: Bool = false) {
        let wasReceiving = state == .receiving && !isSlowReader
        state = .closed
        connection = nil
        hls?.stop()
        hls = nil
        agent.listenerEnded(self, wasReceiving: wasReceiving, failed: failed)
    }

    func connectionDidConnect(_ connection: Connection) {
        let now = WallClock.monotonicNanos()
        measurements.counters.connected += 1
        measurements.connect.record(nanos: now - startNanos)
        if let hls {
            state = .helloSent
            return hls.begin()
        }
        if usesHTTP {
            httpHead = []
            chunkParser = HTTPAudioChunk.Parser()
            connection.send(Array("GET \(agent.plan.httpPathParts.prefix)\(room)\(agent.plan.httpPathParts.suffix) HTTP/1.0\r\nHost: \(server)\r\nUser-Agent: swarmcast/\(swarmcastVersionString)\r\nIcy-MetaData: 0\r\n\r\n".utf8))
        } else {
            connection.send(FrameEncoder.encode(.hello(Hello(role: .listener, room: room, clientID: id))))
        }
        state = .helloSent
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        measurements.counters.bytesReceived += bytes.count
        if let hls { return hls.read(bytes) }
        if let ears { ears.hear(bytes) }
        // One clock reading per read, not per frame: a 3 s packet carries 150 frames.
        let readMonotonicNanos = WallClock.monotonicNanos()
        var tally = AudioTally(nowRealtimeNanos: agent.measuringClockNanos(), lateAfterUnits: agent.lateAfterUnits,
                               receiving: state == .receiving, gotAudio: gotAudio)
        swap(&tally.lastSequence, &lastSequence)
        swap(&tally.hopCursor, &hopCursor)
        measurements.recordingDelays { delay, tiers in
            if usesHTTP { return readHTTP(bytes, delay: &delay, tally: &tally) }
            do {
                try decoder.decode(bytes, audio: { audio in
                    guard tally.receiving else { return }
                    tally.receive(sequence: audio.sequence, captureTimeNanos: audio.captureTimeNanos, seat: Int(audio.speaker), delay: &delay)
                    tally.hopCursor?.attribute(room: audio.room, captureNanos: audio.captureTimeNanos, nowNanos: tally.nowRealtimeNanos, into: &tiers)
                }, hops: { view in
                    tally.hopCursor?.start(view, flushingInto: &tiers)
                }, other: { frame in
                    self.handle(frame)
                    tally.receiving = self.state == .receiving
                })
            } catch let error as WireError {
                fail("protocol-error:\(error.reasonLabel)")
            } catch {
                fail("protocol-error")
            }
            // What this read's frames share, recorded once (also when the read ended in an error).
            tally.hopCursor?.flush(into: &tiers)
        }
        swap(&tally.lastSequence, &lastSequence)
        swap(&tally.hopCursor, &hopCursor)
        guard tally.frames > 0 else { return }
        if tally.gotAudio && !gotAudio {
            gotAudio = true
            measurements.counters.receivedAudio += 1
            measurements.firstAudio.record(nanos: readMonotonicNanos - startNanos)
        }
        measurements.counters.framesReceived += tally.frames
        measurements.counters.framesLate += tally.late
        measurements.counters.framesLost += tally.lost
        lastAudioNanos = readMonotonicNanos
        stalled = false
    }

    func connection(_ connection: Connection, didCloseWith reason: CloseReason) {
        guard isOpen else { return }
        if let cause = hls?.closeCause {
            measurements.countDisconnect(cause)
            self.connection = nil
            return finish(failed: true)
        }
        switch (state, reason) {
        case (.connecting, .connectFailed(let code)):
            measurements.countDisconnect("connect-failed:\(errnoName(code))")
        case (_, .peerClosed): measurements.countDisconnect("server-closed")
        case (_, .readError(let code)): measurements.countDisconnect("read-error:\(errnoName(code))")
        case (_, .writeError(let code)): measurements.countDisconnect("write-error:\(errnoName(code))")
        default: measurements.countDisconnect("closed")
        }
        self.connection = nil
        finish(failed: true)
    }

    /// Every frame but AUDIO (which `connection(_:didRead:)` times on its fast path).
    private func handle(_ frame: Frame) {
        guard isOpen else { return }
        switch frame {
        case .welcome(let w):
            guard state == .helloSent else { return fail("protocol-error:unexpected-welcome") }
            if let ears, w.speakers > 0 { ears.decoded.roomSeats = Int(w.speakers) }
            welcomed()
        case .reject(let reason):
            measurements.countReject(reason.description)
            connection?.close(notify: false)
            finish(failed: true)
        case .bye(let reason):
            fail("server-bye:\(reason)")
        case .pong(let sent, let server):
            agent.clockPong(sent: sent, server: server)
        case .roomState, .audio:
            return
        default:
            fail("protocol-error:unexpected-frame")
        }
    }

    private func readHTTP(_ bytes: UnsafeRawBufferPointer, delay: inout LatencyHistogram, tally: inout AudioTally) {
        guard state == .receiving else {
            httpHead.append(contentsOf: bytes)
            guard let end = HTTPHead.end(in: httpHead) else {
                if httpHead.count > 16_384 { fail("http-bad-response") }
                return
            }
            let statusLine = String(decoding: httpHead.prefix(while: { $0 != 13 }), as: UTF8.self)
            let parts = statusLine.split(separator: " ")
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/") || parts[0] == "ICY" else { return fail("http-bad-response") }
            guard parts[1] == "200" else {
                measurements.countReject("http-\(parts[1])")
                connection?.close(notify: false)
                return finish(failed: true)
            }
            welcomed()
            guard state == .receiving else { return }
            let rest = Array(httpHead[end...])
            httpHead = []
            rest.withUnsafeBytes { parseChunks($0, delay: &delay, tally: &tally) }
            return
        }
        parseChunks(bytes, delay: &delay, tally: &tally)
    }

    private func parseChunks(_ bytes: UnsafeRawBufferPointer, delay: inout LatencyHistogram, tally: inout AudioTally) {
        chunkParser.parse(bytes) { header in
            tally.receive(sequence: header.sequence, captureTimeNanos: header.captureTimeNanos, seat: 0, delay: &delay)
        }
    }

    /// The join was accepted (WELCOME, or HTTP 200).
    func welcomed() {
        state = .receiving
        lastAudioNanos = WallClock.monotonicNanos()
        measurements.counters.welcomed += 1
        measurements.welcome.record(nanos: lastAudioNanos - startNanos)
        if isSlowReader {
            measurements.counters.slowReaders += 1
            connection?.setReading(false)
            return
        }
        agent.listenerWelcomed(self)
    }

}

/// What the audio frames of one read add up to, kept on the stack while the read is decoded and
/// added to the listener and the agent once per read: a 3 s packet carries 150 frames, and
/// touching class state once per frame (each access checked for exclusivity at run time) was
/// most of the swarm's CPU at that packet size.
struct AudioTally {
    let nowRealtimeNanos: UInt64
    /// The late bound in `LatencyUnit`, compared with each frame's recorded delay.
    let lateAfterUnits: UInt64
    /// The listener is receiving (welcomed, not failed); refreshed after every non-audio frame.
    var receiving: Bool
    /// Audio has arrived in this session (before or during this read).
    var gotAudio: Bool
    /// Last sequence seen per speaker seat (0 = none yet), swapped in from the listener.
    var lastSequence: [UInt64] = []
    /// The listener's hop stamps when it splits its delay, swapped in like `lastSequence`.
    var hopCursor: HopStampCursor?
    var frames = 0
    var late = 0
    var lost = 0

    /// One audio frame: its delay into the histogram, its counts into the tally.
    mutating func receive(sequence: UInt64, captureTimeNanos: UInt64, seat: Int, delay: inout LatencyHistogram) {
        let delayUnits = LatencyUnit.units(nanos: nowRealtimeNanos > captureTimeNanos ? nowRealtimeNanos - captureTimeNanos : 0)
        delay.recordClamped(delayUnits)
        frames += 1
        if delayUnits > lateAfterUnits { late += 1 }
        gotAudio = true
        if seat >= lastSequence.count { lastSequence += Array(repeating: 0, count: seat + 1 - lastSequence.count) }
        let last = lastSequence[seat]
        if last != 0 && sequence > last + 1 { lost += Int(sequence - last - 1) }
        if sequence > last { lastSequence[seat] = sequence }
    }
}

/// The symbolic name of an errno (ECONNREFUSED, ...), for failure reasons people can search.
func errnoName(_ code: Int32) -> String {
    switch code {
    case 111: "ECONNREFUSED"
    case 104: "ECONNRESET"
    case 110: "ETIMEDOUT"
    case 99: "EADDRNOTAVAIL"
    case 98: "EADDRINUSE"
    case 24: "EMFILE"
    case 23: "ENFILE"
    case 32: "EPIPE"
    case 113: "EHOSTUNREACH"
    case 101: "ENETUNREACH"
    case 105: "ENOBUFS"
    case 12: "ENOMEM"
    default: "errno\(code)"
    }
}
