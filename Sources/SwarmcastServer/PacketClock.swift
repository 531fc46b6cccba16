import SwarmcastSettings

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
    /// Frame intervals between two ticks of the frame timer (a divisor of `framesPerPacket`).
    let framesPerTick: Int
    private var frames = 0

    init(framesPerPacket: Int, framesPerTick: Int = 1) {
        self.framesPerPacket = max(1, framesPerPacket)
        self.framesPerTick = max(1, framesPerTick)
    }

    /// Frame intervals per tick of the frame timer: the largest that still ticks on every packet
    /// boundary and every LL-HLS part boundary (their greatest common divisor), so nothing leaves
    /// later than with a tick per frame. At 3 s packets and 500 ms parts that is 2 wake-ups a
    /// second instead of 50: a server with long packets and no client speakers mostly sleeps, as
    /// the C send loop it is measured against does (issue 21, `Benchmarks/limit.sh`).
    static func framesPerTick(framesPerPacket: Int, framesPerPart: Int) -> Int {
        greatestCommonDivisor(max(1, framesPerPacket), max(1, framesPerPart))
    }

    /// Whether rooms should send their pending frames now.
    mutating func packetDue(after event: Event) -> Bool {
        switch event {
        case .tick:
            frames += framesPerTick
            return frames % framesPerPacket == 0
        case .speakerFrame:
            // Single-frame packets go straight out; longer ones wait for the clock's tick.
            return framesPerPacket == 1
        case .relayRead:
            return true
        }
    }
}
