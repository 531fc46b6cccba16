import SwarmcastMeasure
import SwarmcastWire

/// A listener's place in the hop stamps of the packet it is reading: the last HOPS frame, and
/// which of the AUDIO frames it describes comes next. Its storage is reused from packet to
/// packet, so a stamped packet costs a listener no allocation; and what the frames of one
/// packet share (edge levels, and within one read the last mile) is recorded once with a count,
/// so a frame costs three histogram records (ingest, origin, end to end), not five or more.
struct HopStampCursor {
    private var stamps = HopStamps(room: 0, ingestMicros: [], originSendNanos: 0)
    /// The next frame's index in `stamps.ingestMicros`; at the end when there is nothing to use.
    private var next = 0
    /// Per edge level of the current packet: its send minus its parent's (µs).
    private var edgeMicros: [Int64] = []
    private var originSendMicros: Int64 = 0
    private var lastSendMicros: Int64 = 0
    private var hopClockBoundMicros: UInt64 = 0
    /// The edge levels added up, for each frame's end-to-end delay.
    private var edgeSumMicros: Int64 = 0
    /// Frames attributed whose shared tiers (`edgeMicros`, `pendingLastMileMicros`) are not
    /// recorded yet, and how many of them had a tier of their own below zero.
    private var pendingFrames = 0
    private var pendingBelowZero = 0
    private var pendingLastMileMicros: Int64 = 0

    /// A HOPS frame arrived: the next frames of `room` are the ones it stamps (what the last
    /// packet's frames share goes into `tiers` first).
    mutating func start(_ view: HopStampsView, flushingInto tiers: inout DelayTiers) {
        flush(into: &tiers)
        view.copy(into: &stamps)
        next = 0
        originSendMicros = Int64(stamps.originSendNanos / 1000)
        var previous = originSendMicros
        var bound: UInt64 = 0
        edgeMicros.removeAll(keepingCapacity: true)
        for edge in stamps.edges {
            let send = Int64(edge.sendNanos / 1000)
            edgeMicros.append(send - previous)
            previous = send
            bound += UInt64(edge.clockBoundMicros)
        }
        lastSendMicros = previous
        hopClockBoundMicros = bound
        edgeSumMicros = previous - originSendMicros
    }

    /// One AUDIO frame received at `nowNanos` (the listener's measuring clock): when the
    /// current stamps describe it, its tiers go into `tiers`. Every time is floored to µs
    /// before it is subtracted, so the tiers add up to `now − capture` in µs exactly.
    @inline(__always)
    mutating func attribute(room: UInt32, captureNanos: UInt64, nowNanos: UInt64, into tiers: inout DelayTiers) {
        guard next < stamps.ingestMicros.count, room == stamps.room else { return }
        let lastMile = Int64(nowNanos / 1000) - lastSendMicros
        if pendingFrames > 0 && lastMile != pendingLastMileMicros { flush(into: &tiers) }
        pendingLastMileMicros = lastMile
        let ingest = Int64(stamps.ingestMicros[next])
        next += 1
        let origin = originSendMicros - (Int64(captureNanos / 1000) + ingest)
        if tiers.recordFrame(ingest: ingest, origin: origin, endToEnd: ingest + origin + edgeSumMicros + lastMile) { pendingBelowZero += 1 }
        pendingFrames += 1
    }

    /// Records what the frames attributed since the last flush share (at the end of every read,
    /// and when a packet or the read time changes).
    mutating func flush(into tiers: inout DelayTiers) {
        guard pendingFrames > 0 else { return }
        tiers.recordShared(edges: edgeMicros, lastMile: pendingLastMileMicros, frames: pendingFrames, framesBelowZero: pendingBelowZero,
                           hopClockBoundMicros: hopClockBoundMicros)
        pendingFrames = 0
        pendingBelowZero = 0
    }
}
