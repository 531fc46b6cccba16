#if canImport(Glibc)
import Glibc
#endif
import SwarmcastLoop
import SwarmcastWire

/// One client connection on the server, from accept to close: awaiting HELLO, then a listener or
/// a speaker of one room.
final class ClientSession: ConnectionDelegate {
    enum State {
        case awaitingHello
        case listener(Room)
        case speaker(Room, seat: UInt8)
        /// An edge process relaying every room (from an origin, a standalone server or an edge).
        case relay
        /// An HTTP audio listener (`GET /rooms/R/listen`, `listen.opus`).
        case httpListener(Room)
        /// A keep-alive HLS client (`ClientSession+HLS.swift`).
        case hls
        case closed
    }

    let connection: Connection
    /// Monotonic time of accept, for the handshake deadline.
    let acceptedAtNanos: UInt64
    /// The peer's address, for the per-address connection limit.
    let peerHost: String
    /// Monotonic time of the last audio from a speaker (for the idle deadline).
    private(set) var lastActivityNanos: UInt64
    private(set) var state: State = .awaitingHello
    /// Position in the room's listener array (for O(1) removal), -1 when not in a room.
    var roomIndex = -1
    /// A relay's edge number (its HELLO's client id), for the origin's per-edge figures.
    var relayIndex = 0
    /// Set from HELLO's version before admission: a version 1 peer reads no HOPS frames.
    var hearsHopStamps = true
    /// Frames a relay may send (its metrics reports), whatever clients may.
    static let relayMaximumFrameBytes = 4 << 20
    private var decoder: FrameDecoder
    /// The HTTP request head while it arrives (nil for native clients).
    private var httpHead: [UInt8]?
    /// Bytes of audio between ICY metadata blocks, when the client asked for them.
    private(set) var icyMetaInterval: Int?
    private var bytesUntilMetadata = 0
    private var sentTitle = false
    /// How often ICY metadata blocks come (Icecast's default).
    static let icyMetaInterval = 16_000
    /// The HLS request state, for HLS connections only.
    var hlsConnection: HLSConnection?
    unowned let server: BroadcastServer

    init(server: BroadcastServer, loop: EventLoop, socket: Int32, peerHost: String) {
        self.server = server
        self.peerHost = peerHost
        acceptedAtNanos = WallClock.monotonicNanos()
        lastActivityNanos = acceptedAtNanos
        decoder = FrameDecoder(maximumFrameBytes: server.configuration.settings.server.maxFrameBytes)
        connection = Connection(loop: loop, acceptedSocket: socket, delegate: nil)
        connection.delegate = self
    }

    var isAwaitingHello: Bool { if case .awaitingHello = state { true } else { false } }
    var isSpeaker: Bool { if case .speaker = state { true } else { false } }
    /// True in the states a deadline can end: the handshake, HLS keep-alive, a speaker's silence.
    var hasDeadline: Bool {
        switch state {
        case .awaitingHello, .hls, .speaker: true
        case .listener, .relay, .httpListener, .closed: false
        }
    }

    /// Closes with a counted reason; the room forgets this client.
    func close(reason: String) {
        guard leave() else { return }
        server.metrics.countDisconnect(reason)
        connection.close(notify: false)
        server.forget(self)
    }

    /// Sends BYE and closes once it is written (shutdown, policy).
    func sayGoodbye(_ reason: ByeReason) {
        closeAfterSending(.bye(reason), reason: reason.description)
    }

    /// Sends a last frame (BYE, REJECT) and closes once it is written, counting `reason`.
    func closeAfterSending(_ frame: Frame, reason: String) {
        guard leave() else { return }
        server.metrics.countDisconnect(reason)
        connection.send(FrameEncoder.encode(frame))
        connection.closeAfterFlush()
        server.forget(self)
    }

    /// Leaves the room; false when already closed.
    private func leave() -> Bool {
        switch state {
        case .closed: return false
        case .listener(let room):
            server.core.remove(listener: self, from: room)
        case .speaker(let room, _):
            server.core.unseat(speaker: self, from: room)
        case .relay:
            server.core.remove(relay: self)
            state = .closed
            server.relayLeft(self)
            return true
        case .httpListener(let room):
            server.core.remove(httpListener: self, from: room)
        case .hls:
            server.core.removeHLSConnection(self)
        case .awaitingHello:
            server.handshakeEnded()
        }
        state = .closed
        return true
    }

    func connectionDidConnect(_ connection: Connection) {}

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        server.metrics.bytesIn += bytes.count
        // An HTTP request starts with its method ("GET ", "HEAD ", "OPTIONS "); a native frame
        // starts with a length whose first byte is 0 for any frame under 16 MiB, so one byte
        // tells the two apart (as Icecast tells sources from listeners on one port).
        if case .httpListener = state { return }
        if case .hls = state { readHLS(bytes); return }
        if case .awaitingHello = state, httpHead != nil || (decoder.bufferedBytes == 0 && bytes.first.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) } == true) {
            readHTTPHead(bytes)
            return
        }
        do {
            try decoder.decode(bytes) { frame in self.handle(frame) }
            // Raised between reads (not inside decode, which holds the decoder): a relay's next
            // frames come after the origin's WELCOME, so never in the HELLO's read.
            if case .relay = state, decoder.maximumFrameBytes < Self.relayMaximumFrameBytes {
                decoder.maximumFrameBytes = Self.relayMaximumFrameBytes
            }
        } catch let error as WireError {
            close(reason: "protocol-error:\(error.reasonLabel)")
        } catch {
            close(reason: "protocol-error")
        }
    }

    func connection(_ connection: Connection, didCloseWith reason: CloseReason) {
        guard leave() else { return }
        switch reason {
        case .peerClosed: server.metrics.countDisconnect("peer-closed")
        case .readError: server.metrics.countDisconnect("read-error")
        case .writeError(let code) where code == EPIPE || code == ECONNRESET: server.metrics.countDisconnect("peer-closed")
        case .writeError: server.metrics.countDisconnect("write-error")
        case .connectFailed, .local: server.metrics.countDisconnect("closed")
        }
        server.forget(self)
    }

    private func handle(_ frame: Frame) {
        switch (state, frame) {
        case (.closed, _):
            return
        case (.awaitingHello, .hello(let hello)):
            server.admit(self, hello: hello)
        case (.awaitingHello, _):
            close(reason: "protocol-error:no-hello")
        case (.listener(let room), .reaction(let kind)):
            server.core.react(kind: kind, in: room)
        case (.speaker(let room, let seat), .audio(var audio)):
            audio.room = room.id
            audio.speaker = seat
            lastActivityNanos = WallClock.monotonicNanos()
            server.core.publish(audio, in: room)
        case (.relay, .roomState(let report)):
            server.core.absorb(edgeReport: report, from: ObjectIdentifier(self))
        case (.relay, .edgeMetrics(let text)):
            server.absorb(edgeMetrics: text, from: self)
        case (.relay, .settings(let json)):
            server.absorb(edgeSettings: json, from: self)
        case (_, .ping(let t)):
            // The broadcast's clock (an edge's own, corrected to its parent's), which hop stamps
            // use too, so a listener's delays and tiers are measured against the origin's clock.
            connection.send(FrameEncoder.encode(.pong(clientTimeNanos: t, serverTimeNanos: server.core.broadcastClockNanos())))
        case (_, .bye):
            close(reason: "bye")
        default:
            close(reason: "protocol-error:unexpected-frame")
        }
    }

    private func readHTTPHead(_ bytes: UnsafeRawBufferPointer) {
        var head = httpHead ?? []
        head.append(contentsOf: bytes)
        httpHead = head
        guard HTTPListenRequest.headIsComplete(head) else {
            if head.count > HTTPListenRequest.maximumBytes { close(reason: "http-head-too-large") }
            return
        }
        httpHead = nil
        if HLSHTTPRequest.isHLS(head: head) { startHLS(with: head); return }
        guard let request = HTTPListenRequest(head: head) else {
            closeAfterSending(raw: Array("HTTP/1.0 400 Bad Request\r\nConnection: close\r\n\r\n".utf8), reason: "http-bad-request")
            return
        }
        if request.wantsMetadata {
            icyMetaInterval = Self.icyMetaInterval
            bytesUntilMetadata = Self.icyMetaInterval
        }
        server.admitHTTP(self, request: request)
    }

    /// Sends raw bytes (an HTTP status) and closes once they are written.
    func closeAfterSending(raw: [UInt8], reason: String) {
        guard leave() else { return }
        server.metrics.countDisconnect(reason)
        connection.send(raw)
        connection.closeAfterFlush()
        server.forget(self)
    }

    /// `bytes` with an ICY metadata block after every `icy-metaint` bytes of audio: the stream
    /// title in the first block, empty blocks (one zero byte) after it, as Icecast sends them.
    func interleaveMetadata(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / max(1, bytesUntilMetadata) + 64)
        var offset = 0
        while offset < bytes.count {
            let take = min(bytesUntilMetadata, bytes.count - offset)
            out.append(contentsOf: bytes[offset..<offset + take])
            offset += take
            bytesUntilMetadata -= take
            if bytesUntilMetadata == 0 {
                if sentTitle {
                    out.append(0)
                } else {
                    var title = Array("StreamTitle='Swarmcast';".utf8)
                    title += Array(repeating: 0, count: (16 - title.count % 16) % 16)
                    out.append(UInt8(title.count / 16))
                    out += title
                    sentTitle = true
                }
                bytesUntilMetadata = icyMetaInterval ?? Self.icyMetaInterval
            }
        }
        return out
    }

    /// Called by the server when a HELLO is accepted.
    func joined(_ newState: State) {
        if case .awaitingHello = state { server.handshakeEnded() }
        lastActivityNanos = WallClock.monotonicNanos()
        state = newState
        server.reviewDeadlines(of: self)
    }
}
