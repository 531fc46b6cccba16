@testable import SwarmcastMeasure
@testable import SwarmcastSwarm
import SwarmcastWire
import Testing

/// A listener's hop stamps: frames are split per frame, what a packet's frames share is
/// recorded once per read with its count, and the sums stay exact across reads and packets.
struct HopStampCursorTests {
    /// Decodes `bytes` as a listener does and attributes every frame read at `nowNanos`.
    static func read(_ bytes: [UInt8], now nowNanos: UInt64, cursor: inout HopStampCursor, tiers: inout DelayTiers, decoder: inout FrameDecoder) throws {
        try bytes.withUnsafeBytes { raw in
            try decoder.decode(raw, audio: { a in
                cursor.attribute(room: a.room, captureNanos: a.captureTimeNanos, nowNanos: nowNanos, into: &tiers)
            }, hops: { cursor.start($0, flushingInto: &tiers) }, other: { _ in })
        }
        cursor.flush(into: &tiers)
    }

    @Test func tiersAddUpAcrossReadsAndPackets() throws {
        let ms: UInt64 = 1_000_000
        let base: UInt64 = 1_700_000_000_000_000_000
        let edge = HopStamps.EdgeHop(receiveNanos: base + 105 * ms, sendNanos: base + 106 * ms, clockBoundMicros: 9)
        var packet = FrameEncoder.encode(.hops(HopStamps(room: 1, ingestMicros: [2_000, 1_000, 0], originSendNanos: base + 100 * ms, edges: [edge])))
        for (i, capture) in [base, base + 20 * ms, base + 40 * ms].enumerated() {
            FrameEncoder.append(.audio(AudioFrame(room: 1, speaker: 0, sequence: UInt64(i + 1), captureTimeNanos: capture, payload: [0])), to: &packet)
        }
        var cursor = HopStampCursor()
        var tiers = DelayTiers()
        var decoder = FrameDecoder(keepsAudioPayload: false)
        // The packet arrives in two reads, 3 ms apart; then a frame of another room and one
        // beyond the stamps' count, which are not split.
        let cut = packet.count - 10
        try Self.read(Array(packet[..<cut]), now: base + 110 * ms, cursor: &cursor, tiers: &tiers, decoder: &decoder)
        try Self.read(Array(packet[cut...]), now: base + 113 * ms, cursor: &cursor, tiers: &tiers, decoder: &decoder)
        var extra = FrameEncoder.encode(.audio(AudioFrame(room: 1, speaker: 0, sequence: 4, captureTimeNanos: base + 60 * ms, payload: [0])))
        FrameEncoder.append(.audio(AudioFrame(room: 2, speaker: 0, sequence: 1, captureTimeNanos: base, payload: [0])), to: &extra)
        try Self.read(extra, now: base + 120 * ms, cursor: &cursor, tiers: &tiers, decoder: &decoder)
        #expect(tiers.frames == 3)
        #expect(tiers.histograms[DelayTier.lastMile].totalCount == 3 && tiers.histograms[DelayTier.edge(1)].totalCount == 3)
        #expect(tiers.sumsMicros[DelayTier.lastMile] == 4_000 + 4_000 + 7_000, "two frames in the first read, one in the second")
        #expect(tiers.sumsMicros[DelayTier.edge(1)] == 3 * 6_000)
        #expect(tiers.sumsMicros[DelayTier.ingest] == 3_000)
        #expect(tiers.sumsMicros[DelayTier.origin] == 98_000 + 79_000 + 60_000)
        let parts = DelayTier.pathOrder(count: tiers.tierCount).reduce(Int64(0)) { $0 + tiers.sumsMicros[$1] }
        #expect(parts == tiers.sumsMicros[DelayTier.endToEnd])
        #expect(tiers.sumsMicros[DelayTier.endToEnd] == 110_000 + 90_000 + 73_000, "each frame's receive minus capture")
        #expect(tiers.clampedFrames == 0 && tiers.hopClockBoundMicros == 9)
    }
}
