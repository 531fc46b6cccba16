/// The one place that decides when a room's pending frames leave as a packet.
///
/// Three things can add frames to a room: the frame timer (built-in speakers), a speaker client's
/// AUDIO, and an edge's read from its origin. Only this type decides whether that event completes
/// a packet, so the grouping by `frames_per_packet` cannot differ between the three paths.
struct PacketClock {
    /// What just happened to the rooms' pending frames.
    enum Event {
        /// The frame timer fired (built-in speakers produced what was due).
        case tick
        /// A speaker client's frame joined its room.
        case speakerFrame
        /// An edge read a packet's worth of frames from its origin, which already grouped them.
        case relayRead
    }

    let framesPerPacket: Int
    private var ticks = 0

    init(framesPerPacket: Int) {
        self.framesPerPacket = max(1, framesPerPacket)
    }

    /// Whether rooms should send their pending frames now.
    mutating func packetDue(after event: Event) -> Bool {
        switch event {
        case .tick:
            ticks += 1
            return ticks % framesPerPacket == 0
        case .speakerFrame:
            // Single-frame packets go straight out; longer ones wait for the clock's tick.
            return framesPerPacket == 1
        case .relayRead:
            return true
        }
    }
}
