import SwarmcastLoop
import SwarmcastSettings
import SwarmcastWire

/// The broadcast without sockets: rooms, the listener count, admission, and the one place that
/// decides when a packet leaves and who gets it.
///
/// It owns no socket, timer or event loop. The server shell feeds it events (a HELLO, a speaker's
/// frame, a tick, a relay read) and it acts only through `ListenerSink`s, so a test can drive a
/// whole broadcast in-process with fake listeners, as swift-nio tests handlers with EmbeddedChannel.
/// Admission is in `BroadcastCore+Admission.swift`.
final class BroadcastCore {
    /// The broadcast's settings (an edge's are its origin's; a rejoined origin may change the
    /// live ones, see `adoptLive`).
    private(set) var settings: BroadcastSettings
    /// Standalone, origin or edge: an edge runs no demo speakers.
    let role: ServerRole
    let metrics: ServerMetrics
    /// Rooms 1...N, at index id - 1.
    let rooms: [Room]
    /// Listeners (native and HTTP) in this process's rooms now; `max_listeners` bounds it.
    var listenerCount = 0
    /// Edges relaying every room: they get every packet, under their own policy.
    var relays: [any ListenerSink] = []
    /// Relays of protocol version 1, who get each packet without its HOPS frame.
    var legacyRelayCount = 0
    /// Edge on another host: its parent's clock minus its own (ns) and that estimate's bound
    /// (µs), from PING/PONG on the link (`RelayUplink`); zero on the origin and for `--workers`
    /// edges, which share the origin's clock.
    var parentClock = (offsetNanos: Int64(0), boundMicros: UInt32(0))
    /// The session number the next WELCOME carries.
    var nextSession: UInt64 = 1
    let clock: CoreClock
    private var fanOut: FanOut
    private var relayFanOut: FanOut
    /// Edge: keeps each seat's numbering increasing for listeners across a restarted origin.
    private(set) var sequenceBridge: SequenceBridge
    /// Decides when pending frames leave (tick, speaker frame, relay read alike).
    private var packetClock: PacketClock
    private var demoSpeakers: DemoSpeakers

    /// - Parameters:
    ///   - roomCount: rooms to build; nil for `settings.server.rooms` (an edge waiting for its
    ///     origin's settings has none).
    ///   - directWrites: the event loop's record of queued sockets, for the fan-out's direct
    ///     writes; nil (fake listeners) sends every packet through `ListenerSink.send`.
    ///   - queuedBytes: bytes queued across every connection, for the memory ceiling.
    init(settings: BroadcastSettings, role: ServerRole, metrics: ServerMetrics, roomCount: Int? = nil,
         clock: CoreClock = .wall, directWrites: DirectWrites? = nil, queuedBytes: @escaping () -> Int) {
        self.settings = settings
        self.role = role
        self.metrics = metrics
        self.clock = clock
        let demoCount = role == .edge ? 0 : settings.server.demoSpeakers
        let count = roomCount ?? settings.server.rooms
        rooms = count > 0 ? (1...count).map { Room(id: UInt32($0), demoSpeakers: demoCount, frameIntervalNanos: settings.audio.frameInterval.nanosecondsValue,
                                                      hls: settings.hlsSegmenterConfig, cutHLSFromStart: settings.server.hlsCutting == .always,
                                                      metrics: metrics, monotonicNanos: clock.monotonicNanos) } : []
        demoSpeakers = DemoSpeakers(audio: settings.audio, speakersPerRoom: count > 0 ? demoCount : 0, startNanos: clock.realtimeNanos())
        (fanOut, relayFanOut) = Self.fanOuts(settings, metrics: metrics, directWrites: directWrites, queuedBytes: queuedBytes)
        packetClock = PacketClock(framesPerPacket: settings.audio.framesPerPacket,
                                  framesPerTick: PacketClock.framesPerTick(framesPerPacket: settings.audio.framesPerPacket,
                                                                           framesPerPart: settings.hlsSegmenterConfig.framesPerPart))
        sequenceBridge = SequenceBridge(frameIntervalNanos: settings.audio.frameInterval.nanosecondsValue)
        for room in rooms { room.media.broadcastNanos = { [unowned self] in self.broadcastClockNanos() } }
    }

    private static func fanOuts(_ settings: BroadcastSettings, metrics: ServerMetrics, directWrites: DirectWrites?,
                                queuedBytes: @escaping () -> Int) -> (FanOut, FanOut) {
        let listeners = FanOut(policy: settings.server.slowListener, backlogFrames: settings.effectiveBacklogFrames, metrics: metrics,
                               queuedBytes: queuedBytes, memoryCeilingBytes: settings.server.backlogMemoryBytes, directWrites: directWrites)
        // A relay carries every listener of an edge: it is never disconnected, and only drops
        // audio after 20 times a listener's backlog.
        let relays = FanOut(policy: .skipToLive, backlogFrames: settings.effectiveBacklogFrames * 20, metrics: metrics,
                            queuedBytes: queuedBytes, memoryCeilingBytes: Int.max, directWrites: nil)
        return (listeners, relays)
    }

    /// Edge: a rejoined origin's settings that differ only in what shapes what happens next
    /// (`SettingsChange.live`): admission reads them from here, the fan-outs are rebuilt (they
    /// hold no state), rooms, listeners and the packet clock stay as they are.
    func adoptLive(_ new: BroadcastSettings) {
        settings = new
        (fanOut, relayFanOut) = Self.fanOuts(new, metrics: metrics, directWrites: fanOut.directWrites, queuedBytes: fanOut.queuedBytes)
    }

    /// Speakers seated in every room (built-in and clients).
    var speakerCount: Int { rooms.reduce(0) { $0 + $1.speakerCount } }

    /// The room with this id, or nil when there is none.
    func room(_ id: UInt32) -> Room? {
        id >= 1 && Int(id) <= rooms.count ? rooms[Int(id) - 1] : nil
    }

    /// Restarts the built-in speakers' schedule at `startNanos` (when the clocks start).
    func restartDemoSpeakers(startNanos: UInt64) {
        demoSpeakers = DemoSpeakers(audio: settings.audio, speakersPerRoom: demoSpeakers.speakersPerRoom, startNanos: startNanos,
                                    voice: demoSpeakers.voice)
    }

    /// Frame intervals between the frame timer's ticks (`PacketClock.framesPerTick`).
    var framesPerTick: Int { packetClock.framesPerTick }

    /// Every `framesPerTick` frame intervals: built-in speakers produce what is due, and rooms
    /// whose packet is complete send it.
    func tick() {
        metrics.framesIn += demoSpeakers.produceDueFrames(now: clock.realtimeNanos(), rooms: rooms, framesPerTick: framesPerTick)
        expireParkedHLS()
        if packetClock.packetDue(after: .tick) {
            for room in rooms { flush(room) }
        }
    }

    /// The broadcast's clock: this process's CLOCK_REALTIME corrected to its parent's (and so,
    /// hop by hop, to the origin's). Hop stamps and PONG use it.
    func broadcastClockNanos() -> UInt64 {
        let offset = parentClock.offsetNanos
        let local = clock.realtimeNanos()
        return offset >= 0 ? local &+ UInt64(offset) : local &- UInt64(-offset)
    }

    /// A client speaker's frame: straight out when packets are single frames, else grouped.
    func publish(_ frame: AudioFrame, in room: Room) {
        metrics.framesIn += 1
        room.append(frame, receivedNanos: broadcastClockNanos())
        if packetClock.packetDue(after: .speakerFrame) { flush(room) }
    }

    /// Edge: a frame from the origin joins the local room's next packet, its sequence number
    /// bridged across a restarted origin.
    func relay(_ frame: AudioFrame) {
        guard let room = room(frame.room) else { return }
        var frame = frame
        sequenceBridge.map(&frame)
        metrics.framesIn += 1
        room.append(frame)
        // A stamped packet leaves as soon as its last frame is in: its edge hop is exact.
        if room.stamper.relayedFrame(nowNanos: broadcastClockNanos()) { flush(room) }
    }

    /// Edge: the parent's hop stamps for the packet whose frames follow. Frames still pending
    /// from before (an unstamped parent, a packet cut short) leave first, without stamps.
    func relay(_ stamps: HopStamps) {
        guard let room = room(stamps.room) else { return }
        if room.hasPendingFrames { flush(room) }
        room.stamper.expect(stamps)
    }

    /// Edge: sends what the origin's last read brought, except a stamped packet whose last
    /// frames are still on their way.
    func flushRelayedRooms() {
        guard packetClock.packetDue(after: .relayRead) else { return }
        for room in rooms where !room.stamper.awaitsRelayedFrames { flush(room) }
    }

    /// Sends a room's pending frames: the one place a packet leaves, to listeners and relays.
    private func flush(_ room: Room) {
        if let httpPacket = room.takeHTTPPacket() { fanOut.deliverHTTP(httpPacket, to: room.httpListeners) }
        if let oggPacket = room.media.takeOggPacket() { fanOut.deliverHTTP(oggPacket, to: room.media.oggListeners) }
        let now = clock.monotonicNanos()
        // A tenth of the interval's slack: the frame and state timers tick on the same grid, and a
        // packet due exactly one interval after the last state must still carry the next one.
        let stateInterval = settings.server.roomStateInterval.nanosecondsValue
        if room.hasPendingFrames && (!room.listeners.isEmpty || !relays.isEmpty)
            && now &- room.lastStateNanos >= stateInterval - stateInterval / 10 {
            room.appendState(now: now)
        }
        guard let packet = room.takePacket(sendNanos: broadcastClockNanos(), clockBoundMicros: parentClock.boundMicros,
                                           keepsLegacy: room.legacyListenerCount > 0 || legacyRelayCount > 0) else { return }
        if packet.frameCount > 0 { room.lastAudioNanos = now }
        fanOut.deliver(packet, to: room.listeners, direct: room.directTargets)
        if !relays.isEmpty { relayFanOut.deliver(packet, to: relays) }
        let lagNanos = clock.realtimeNanos() &- packet.oldestCaptureNanos
        if lagNanos < 3_600_000_000_000 { metrics.fanOutLag.record(Double(lagNanos) / 1e9) }
    }

    /// ROOM_STATE on its own only for rooms whose audio has stopped: while audio flows, the state
    /// rides in the audio packet (once per packet when packets are longer than the state
    /// interval), because a separate write would double what a 3 s-packet listener costs. Audio
    /// that went to nobody counts as flowing: listeners joining such a room hear the state in
    /// their first packet, not in a write of its own (that write once cost every listener of a
    /// 15,000-listener ramp one more send, ~7% of `limit.sh`'s steady-state window).
    func publishSilentRoomStates() {
        let now = clock.monotonicNanos()
        let interval = settings.server.roomStateInterval.nanosecondsValue
        let silentAfter = max(interval, settings.audio.packetInterval.nanosecondsValue) + interval / 2
        for room in rooms where !room.listeners.isEmpty && now &- max(room.lastStateNanos, room.lastAudioNanos) >= silentAfter {
            room.lastStateNanos = now
            let packet = OutboundPacket(bytes: FrameEncoder.encode(.roomState(room.state)))
            for listener in room.listeners { listener.send(packet) }
        }
    }

    /// Edge: every room's listener count and new reactions, for the origin.
    func takeEdgeReports() -> [RoomState] { rooms.map { $0.takeEdgeReport() } }

    /// A listener's reaction counts in its room.
    func react(kind: UInt8, in room: Room) {
        room.react(kind: kind)
        metrics.reactions += 1
    }

    /// Origin: an edge reported a room's listeners and reactions.
    func absorb(edgeReport: RoomState, from edge: ObjectIdentifier) {
        // Not added to this process's reaction counter: the edge counted them, and the origin's
        // /metrics already sums the edges'.
        room(edgeReport.room)?.absorb(edgeReport: edgeReport, from: edge)
    }

    /// Edge: the origin's view of a room, which this edge's listeners are shown.
    func adoptOriginState(_ state: RoomState) {
        room(state.room)?.originState = state
    }
}
