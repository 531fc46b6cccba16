import SwarmcastHLS
import SwarmcastLoop
import SwarmcastWire

/// A Spaces-style room: a host and up to 13 speakers whose frames fan out to every listener.
final class Room {
    /// Speaker seats: the host (seat 0) and 13 speakers.
    static let maximumSpeakers = 14
    /// Reaction kinds counted (clap, heart, laugh, 100, raised hand, ...).
    static let reactionKinds = 8

    let id: UInt32
    /// Listeners in join order; each knows its index for O(1) removal.
    private(set) var listeners: [any ListenerSink] = []
    /// Where each listener can be written to directly, at its index in `listeners`: the fan-out
    /// reads this contiguous array, not the listeners, for every listener with nothing queued.
    private(set) var directTargets: [DirectTarget] = []
    /// HTTP audio listeners (`GET /rooms/R/listen`), served the chunk stream instead of frames.
    private(set) var httpListeners: [any HTTPListenerSink] = []
    /// Seats taken by speakers that connected as clients (by identity: a seat sends nothing).
    private(set) var clientSpeakers: [ObjectIdentifier?] = Array(repeating: nil, count: maximumSpeakers)
    /// Seats taken by built-in demo speakers (the lowest seats).
    let demoSpeakers: Int
    private(set) var reactions = [UInt32](repeating: 0, count: reactionKinds)
    /// The last sequence number the host seat published.
    private(set) var lastSequence: UInt64 = 0

    /// Frames waiting to be grouped into the next packet.
    private var pending: [UInt8] = []
    private var pendingFrames = 0
    private var pendingOldestCapture: UInt64 = 0
    /// The same frames as HTTP audio chunks, built only while HTTP listeners are present.
    private var pendingHTTP: [UInt8] = []
    /// The pending packet's hop stamps (HOPS), written once when it leaves.
    var stamper = PacketStamper()
    /// Listeners of protocol version 1, who get each packet without its HOPS frame.
    private(set) var legacyListenerCount = 0

    /// The host seat's audio as Ogg/Opus (and HLS), built once for all player listeners.
    let media: RoomMedia

    init(id: UInt32, demoSpeakers: Int, frameIntervalNanos: UInt64 = 20_000_000, hls: HLSSegmenterConfig? = nil, cutHLSFromStart: Bool = true,
         metrics: ServerMetrics? = nil, monotonicNanos: @escaping () -> UInt64 = WallClock.monotonicNanos) {
        self.id = id
        self.demoSpeakers = demoSpeakers
        media = RoomMedia(roomID: id, frameIntervalNanos: frameIntervalNanos, hls: hls, cutHLSFromStart: cutHLSFromStart,
                          metrics: metrics, monotonicNanos: monotonicNanos)
        lastAudioNanos = monotonicNanos()
    }

    /// Listeners with an open stream (native, HTTP chunks, Ogg), for counts and caps.
    var streamListenerCount: Int { listeners.count + httpListeners.count + media.oggListeners.count }

    var hasPendingFrames: Bool { pendingFrames > 0 }

    var speakerCount: Int { demoSpeakers + clientSpeakers.count(where: { $0 != nil }) }

    func add(listener: any ListenerSink) {
        listener.roomIndex = listeners.count
        listeners.append(listener)
        directTargets.append(DirectTarget(socket: listener.directSocket, hearsHopStamps: listener.hearsHopStamps))
        if !listener.hearsHopStamps { legacyListenerCount += 1 }
    }

    func add(httpListener: any HTTPListenerSink) {
        httpListeners.append(httpListener)
    }

    func remove(httpListener: any HTTPListenerSink) {
        httpListeners.removeAll { $0 === httpListener }
        media.remove(oggListener: httpListener)
    }

    func remove(listener: any ListenerSink) {
        let i = listener.roomIndex
        guard i >= 0, i < listeners.count, listeners[i] === listener else { return }
        let last = listeners.removeLast()
        let lastTarget = directTargets.removeLast()
        if i < listeners.count {
            listeners[i] = last
            directTargets[i] = lastTarget
            last.roomIndex = i
        }
        listener.roomIndex = -1
        if !listener.hearsHopStamps { legacyListenerCount -= 1 }
    }

    /// Takes the lowest free seat above the demo speakers, or nil when all 14 are taken.
    func seat(speaker: ObjectIdentifier) -> UInt8? {
        guard let seat = (demoSpeakers..<Self.maximumSpeakers).first(where: { clientSpeakers[$0] == nil }) else { return nil }
        clientSpeakers[seat] = speaker
        return UInt8(seat)
    }

    func unseat(speaker: ObjectIdentifier) {
        if let i = clientSpeakers.firstIndex(where: { $0 == speaker }) { clientSpeakers[i] = nil }
    }

    func react(kind: UInt8) {
        reactions[Int(kind) % Self.reactionKinds] &+= 1
    }

    /// Adds one frame to the pending packet; `receivedNanos` is when it reached this process,
    /// given where the packet's stamps start (the origin), nil for a relayed frame.
    func append(_ frame: AudioFrame, receivedNanos: UInt64? = nil) {
        if let receivedNanos { stamper.received(captureNanos: frame.captureTimeNanos, receivedNanos: receivedNanos) }
        if pendingFrames == 0 { pendingOldestCapture = frame.captureTimeNanos }
        if frame.speaker == 0 {
            lastSequence = frame.sequence
            media.append(frame)
        }
        FrameEncoder.append(.audio(frame), to: &pending)
        if !httpListeners.isEmpty {
            HTTPAudioChunk.append(sequence: frame.sequence, captureTimeNanos: frame.captureTimeNanos, payload: frame.payload, to: &pendingHTTP)
        }
        pendingFrames += 1
    }

    /// Monotonic time ROOM_STATE last went out to this room's listeners.
    var lastStateNanos: UInt64 = 0
    /// Monotonic time the room's last packet of audio left, whether or not anyone listened (from
    /// the room's start until its first packet): while audio flows, listeners who joined since
    /// the last state hear it in the next packet, and a ROOM_STATE of its own would cost each of
    /// them a write (at 3 s packets, one more write per listener after every wave of joins).
    var lastAudioNanos: UInt64

    /// Adds ROOM_STATE to the pending packet: it rides with the audio in the same shared write
    /// instead of costing every listener a write of its own (at 3 s packets those extra writes
    /// would outnumber the audio's three to one).
    func appendState(now: UInt64) {
        FrameEncoder.append(.roomState(state), to: &pending)
        lastStateNanos = now
    }

    /// The pending frames as HTTP audio chunks (nil when there are none); call before `takePacket`.
    func takeHTTPPacket() -> OutboundPacket? {
        guard !pendingHTTP.isEmpty else { return nil }
        defer { pendingHTTP = [] }
        return OutboundPacket(bytes: pendingHTTP, frameCount: pendingFrames, oldestCaptureNanos: pendingOldestCapture)
    }

    /// The pending frames as one shared packet (nil when none), and a fresh pending buffer.
    ///
    /// The packet starts with its HOPS frame (sent at `sendNanos`; `clockBoundMicros`: how well
    /// this edge's clock is known) when the stamper has stamps for exactly these frames;
    /// `keepsLegacy` also keeps the bytes without it, for version 1 peers (`OutboundPacket.legacy`).
    func takePacket(sendNanos: UInt64 = 0, clockBoundMicros: UInt32 = 0, keepsLegacy: Bool = false) -> OutboundPacket? {
        guard pendingFrames > 0 else { return nil }
        let packet: OutboundPacket
        if let stamps = stamper.take(room: id, frames: pendingFrames, sendNanos: sendNanos, clockBoundMicros: clockBoundMicros) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(HopStamps.bodyBytes(frames: pendingFrames, edges: stamps.edges.count) + 5 + pending.count)
            FrameEncoder.append(.hops(stamps), to: &bytes)
            bytes += pending
            let legacy = keepsLegacy ? OutboundPacket(bytes: pending, frameCount: pendingFrames, oldestCaptureNanos: pendingOldestCapture) : nil
            packet = OutboundPacket(bytes: bytes, frameCount: pendingFrames, oldestCaptureNanos: pendingOldestCapture, legacy: legacy)
        } else {
            packet = OutboundPacket(bytes: pending, frameCount: pendingFrames, oldestCaptureNanos: pendingOldestCapture)
        }
        pending = []
        pending.reserveCapacity(packet.bytes.count)
        pendingFrames = 0
        return packet
    }

    /// Listeners each edge relaying from this process reported for this room (by relay session).
    private var edgeListeners: [ObjectIdentifier: UInt32] = [:]
    /// Edge: the room as the origin last described it (all edges' listeners and reactions).
    var originState: RoomState?
    /// Edge: reaction totals already reported to the origin.
    private var reportedReactions = [UInt32](repeating: 0, count: reactionKinds)

    /// An edge's report (its subtree's listener count, reactions since its last report).
    func absorb(edgeReport: RoomState, from edge: ObjectIdentifier) {
        edgeListeners[edge] = edgeReport.listeners
        for r in edgeReport.reactions { reactions[Int(r.kind) % Self.reactionKinds] &+= r.count }
    }

    func forget(edge: ObjectIdentifier) {
        edgeListeners.removeValue(forKey: edge)
    }

    /// Edge: this room's listener count and the reactions since the last report, for the origin.
    func takeEdgeReport() -> RoomState {
        let delta = zip(reactions, reportedReactions).enumerated().compactMap { i, pair -> ReactionCount? in
            pair.0 > pair.1 ? ReactionCount(kind: UInt8(i), count: pair.0 - pair.1) : nil
        }
        reportedReactions = reactions
        // This edge's stream listeners and those its own edges reported: the parent sums a subtree.
        let below = edgeListeners.values.reduce(UInt32(0), +)
        return RoomState(room: id, listeners: UInt32(streamListenerCount) + below, speakers: 0, reactions: delta)
    }

    /// What listeners are told: the origin's whole-broadcast view on an edge, else this room's own
    /// (an origin adds the listeners its edges reported).
    var state: RoomState {
        if let originState { return originState }
        let remote = edgeListeners.values.reduce(UInt32(0), +)
        return RoomState(room: id, listeners: UInt32(streamListenerCount) + remote, speakers: UInt8(speakerCount),
                         reactions: reactions.enumerated().map { ReactionCount(kind: UInt8($0.offset), count: $0.element) })
    }
}
