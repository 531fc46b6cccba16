import SwarmcastWire

/// Edge: keeps every seat's sequence numbers increasing for this edge's listeners when the
/// numbering it relays starts again (a restarted origin, a speaker that took the seat anew).
///
/// Listeners count a sequence gap as lost audio and ignore a step backwards, so without this a
/// restarted origin's frame 1 after frame 90,000 would leave each listener blind to losses until
/// the new numbering passed the old one. The bridge instead renumbers the seat so it continues
/// where it was, advanced by the frames that the capture times say were missed: the outage
/// counts as the lost audio it was, the same as an outage of an origin that kept its numbering.
/// A numbering that simply continues (the same origin after a reconnect) passes through
/// untouched.
struct SequenceBridge {
    private struct Seat {
        var lastOut: UInt64
        var lastCapture: UInt64
        var offset: UInt64
    }

    let frameIntervalNanos: UInt64
    private var seats: [UInt64: Seat] = [:]
    /// Times a seat's numbering started again and was bridged.
    private(set) var renumberings = 0

    init(frameIntervalNanos: UInt64) {
        self.frameIntervalNanos = max(1, frameIntervalNanos)
    }

    /// Rewrites `frame.sequence` into this edge's continuous numbering for its seat.
    mutating func map(_ frame: inout AudioFrame) {
        let key = UInt64(frame.room) << 8 | UInt64(frame.speaker)
        guard var seat = seats[key] else {
            seats[key] = Seat(lastOut: frame.sequence, lastCapture: frame.captureTimeNanos, offset: 0)
            return
        }
        var out = frame.sequence &+ seat.offset
        if out <= seat.lastOut {
            let elapsed = frame.captureTimeNanos > seat.lastCapture ? (frame.captureTimeNanos - seat.lastCapture) / frameIntervalNanos : 0
            out = seat.lastOut &+ max(1, elapsed)
            seat.offset = out &- frame.sequence
            renumberings += 1
        }
        seat.lastOut = out
        seat.lastCapture = frame.captureTimeNanos
        seats[key] = seat
        frame.sequence = out
    }
}
