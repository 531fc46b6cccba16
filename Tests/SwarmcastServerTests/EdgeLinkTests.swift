@testable import SwarmcastServer
import SwarmcastSettings
import SwarmcastWire
import Testing

/// The pieces of an edge's link to its origin that need no socket: the reconnect back-off, the
/// sequence bridge across a restarted origin, what a changed origin's settings mean, the gap
/// count, and an edge that passes its own edges' listeners up.
struct EdgeLinkTests {
    @Test func backoffGrowsWithJitterAndNeverPassesFiveSeconds() {
        var backoff = ReconnectBackoff()
        var random = SystemRandomNumberGenerator()
        var previousCeiling: Duration = .zero
        for attempt in 0..<30 {
            let delay = backoff.next(using: &random)
            let ceiling = min(ReconnectBackoff.cap, ReconnectBackoff.base * (1 << min(attempt, 16)))
            #expect(delay <= ceiling && delay >= ceiling / 2, "attempt \(attempt): \(delay) outside \(ceiling / 2)...\(ceiling)")
            #expect(ceiling >= previousCeiling)
            previousCeiling = ceiling
        }
        #expect(previousCeiling == .seconds(5))
        backoff.reset()
        #expect(backoff.next(using: &random) <= .milliseconds(100), "a link that worked starts again from the shortest wait")
        // Many edges losing one origin together do not all knock in the same millisecond.
        let firsts = Set((0..<50).map { _ in var b = ReconnectBackoff(); return b.next(using: &random) })
        #expect(firsts.count > 40)
    }

    static func frame(seat: UInt8 = 0, _ sequence: UInt64, capturedAtFrame n: UInt64) -> AudioFrame {
        AudioFrame(room: 1, speaker: seat, sequence: sequence, captureTimeNanos: 1_000_000_000_000 + n * 20_000_000, payload: [])
    }

    @Test func sequenceBridgePassesAContinuingNumberingThrough() {
        var bridge = SequenceBridge(frameIntervalNanos: 20_000_000)
        var out: [UInt64] = []
        // The same origin after an outage: its numbering jumps ahead, as the frames it missed.
        for (seq, n) in [(1, 1), (2, 2), (3, 3), (153, 153), (154, 154)] as [(UInt64, UInt64)] {
            var f = Self.frame(seq, capturedAtFrame: n)
            bridge.map(&f)
            out.append(f.sequence)
        }
        #expect(out == [1, 2, 3, 153, 154])
        #expect(bridge.renumberings == 0)
    }

    @Test func sequenceBridgeContinuesARestartedNumberingAfterTheFramesMissed() {
        var bridge = SequenceBridge(frameIntervalNanos: 20_000_000)
        var out: [UInt64] = []
        // 90,000 frames in, the origin restarts; its frame 1 is captured 150 frames (3 s) later.
        for (seq, n) in [(90_000, 90_000), (1, 90_150), (2, 90_151)] as [(UInt64, UInt64)] {
            var f = Self.frame(seq, capturedAtFrame: n)
            bridge.map(&f)
            out.append(f.sequence)
        }
        #expect(out == [90_000, 90_150, 90_151], "a listener counts 149 lost frames, not billions, and keeps counting")
        #expect(bridge.renumberings == 1)
        // Seats are bridged on their own; a seat new to the edge passes as it is.
        var other = Self.frame(seat: 1, 5, capturedAtFrame: 90_152)
        bridge.map(&other)
        #expect(other.sequence == 5)
        // A numbering restarted with no usable capture time still moves forward by one.
        var stale = Self.frame(1, capturedAtFrame: 10)
        bridge.map(&stale)
        #expect(stale.sequence == 90_152)
    }

    @Test func changedSettingsAreLiveOrNeedARestart() {
        let base = BroadcastSettings()
        #expect(SettingsChange.between(base, base) == .none)
        var live = base
        live.server.maxListeners = 7
        live.server.roomStateInterval = .seconds(2)
        #expect(SettingsChange.between(base, live) == .live(["server.max_listeners", "server.room_state_interval"]))
        var rooms = live
        rooms.server.rooms = 3
        #expect(SettingsChange.between(base, rooms) == .needsRestart(["server.rooms"]))
        var audio = base
        audio.audio.framesPerPacket = 5
        #expect(SettingsChange.between(base, audio) == .needsRestart(["audio.frames_per_packet"]))
    }

    @Test func gapCountsFromTheLastBytesHeardToTheRejoin() {
        var link = OriginLinkStatus()
        link.lost(lastHeardNanos: 1)  // never joined: no gap yet
        #expect(link.gapSeconds(now: 5_000_000_000) == 0)
        link.joined(now: 1_000_000_000)
        #expect(link.connected && link.reconnects == 0)
        link.lost(lastHeardNanos: 2_000_000_000)
        #expect(!link.connected)
        #expect(link.gapSeconds(now: 3_500_000_000) == 1.5, "the gap grows while the link is down")
        link.joined(now: 5_000_000_000)
        #expect(link.gapSeconds(now: 9_000_000_000) == 3.0)
        #expect(link.reconnects == 1 && link.connected)
    }

    @Test func anEdgeReportsItsOwnEdgesListenersUpward() {
        let edge = CoreHarness(role: .edge) { $0.server.rooms = 1 }
        _ = edge.listener()
        _ = edge.listener()
        let (subEdge, _) = edge.hello(.relay)
        edge.core.absorb(edgeReport: RoomState(room: 1, listeners: 40, speakers: 0, reactions: [ReactionCount(kind: 2, count: 3)]),
                         from: ObjectIdentifier(subEdge))
        let report = edge.core.takeEdgeReports()
        #expect(report.first?.listeners == 42, "its two and its edge's forty")
        #expect(report.first?.reactions == [ReactionCount(kind: 2, count: 3)])
    }

    @Test func anEdgeRelaysBridgedSequencesToItsListenersAndEdges() {
        let edge = CoreHarness(role: .edge)
        let listener = edge.listener()
        let (subEdge, _) = edge.hello(.relay)
        for (seq, n) in [(500, 500), (1, 600)] as [(UInt64, UInt64)] {
            edge.core.relay(Self.frame(seq, capturedAtFrame: n))
            edge.core.flushRelayedRooms()
        }
        #expect(listener.audio.map(\.sequence) == [500, 600])
        #expect(subEdge.audio.map(\.sequence) == [500, 600])
    }
}
