@testable import SwarmcastServer
import SwarmcastSettings
import SwarmcastWire
import Testing

/// Hop stamps in the core: the origin stamps each room packet once, an edge appends its hop and
/// sends a stamped packet as soon as its last frame is in, and version 1 peers get the same
/// packets without HOPS.
struct HopStampsCoreTests {
    @Test func theOriginStampsEachPacketOnceForAllItsListeners() throws {
        let h = CoreHarness { $0.server.demoSpeakers = 2; $0.audio.framesPerPacket = 5 }
        let a = h.listener(), b = h.listener()
        h.tick(5)
        #expect(a.written.count == 1)
        #expect(a.written.first === b.written.first, "one shared packet, stamps included")
        let stamps = try #require(a.hops.first)
        #expect(a.hops.count == 1)
        #expect(stamps.room == 1 && stamps.edges.isEmpty)
        #expect(stamps.ingestMicros.count == 10 && a.audio.count == 10, "one ingest stamp per AUDIO frame that follows")
        #expect(stamps.originSendNanos == h.clock.realtimeNanos)
        // The built-in speakers produce each frame on the tick of its capture time: no ingest,
        // and the packet's first frames waited four frame intervals for the fifth.
        #expect(stamps.ingestMicros.allSatisfy { $0 == 0 })
        let waits = a.audio.map { (Int64(stamps.originSendNanos) - Int64($0.captureTimeNanos)) / 1000 }
        #expect(waits.first == 80_000 && waits.last == 0)
        guard case .hops = a.frames.first else { Issue.record("HOPS comes first: \(a.frames.first.map { "\($0)" } ?? "nothing")"); return }
    }

    @Test func aSpeakerClientsFrameIsStampedWithWhenItArrived() throws {
        let h = CoreHarness()
        let listener = h.listener()
        guard case .speaker(let room, _, _) = h.hello(.speaker).1 else { Issue.record("speaker refused"); return }
        let capture = h.clock.realtimeNanos - 7_500_000
        h.core.publish(AudioFrame(room: 1, speaker: 0, sequence: 1, captureTimeNanos: capture, payload: [1]), in: room)
        let stamps = try #require(listener.hops.first)
        #expect(stamps.ingestMicros == [7_500])
    }

    @Test func versionOnePeersGetTheSamePacketsWithoutHops() {
        let h = CoreHarness { $0.server.demoSpeakers = 1 }
        let old = FakeListener()
        old.hearsHopStamps = false
        guard case .listener(_, let welcome) = h.hello(.listener, version: 1, client: old).1 else { Issue.record("version 1 refused"); return }
        #expect(welcome.version == 1, "WELCOME answers in the client's version")
        let new = h.listener()
        h.tick(3)
        #expect(old.hops.isEmpty && old.audio.map(\.sequence) == [1, 2, 3])
        #expect(new.hops.count == 3 && new.audio.map(\.sequence) == [1, 2, 3])
        old.close(reason: "bye")
        h.tick()
        #expect(new.written.last?.legacy == nil, "no legacy bytes are kept once no version 1 peer is left")
    }

    @Test func anEdgeAppendsItsHopAndSendsTheStampedPacketWhenItsLastFrameIsIn() throws {
        let h = CoreHarness(role: .edge)
        h.core.parentClock = (offsetNanos: 2_000, boundMicros: 40)
        let listener = h.listener()
        let parentSend = h.clock.realtimeNanos - 3_000_000
        let parentHop = HopStamps.EdgeHop(receiveNanos: parentSend - 1_000_000, sendNanos: parentSend, clockBoundMicros: 15)
        h.core.relay(HopStamps(room: 1, ingestMicros: [100, 200], originSendNanos: parentSend - 5_000_000, edges: [parentHop]))
        h.core.relay(AudioFrame(room: 1, speaker: 0, sequence: 1, captureTimeNanos: parentSend - 30_000_000, payload: []))
        h.core.flushRelayedRooms()
        #expect(listener.written.isEmpty, "the packet's second frame is still on its way")
        h.clock.advance(nanos: 1_000)
        h.core.relay(AudioFrame(room: 1, speaker: 0, sequence: 2, captureTimeNanos: parentSend - 10_000_000, payload: []))
        #expect(listener.written.count == 1)
        let stamps = try #require(listener.hops.first)
        #expect(stamps.ingestMicros == [100, 200])
        #expect(stamps.edges.count == 2 && stamps.edges.first == parentHop)
        let own = try #require(stamps.edges.last)
        #expect(own.receiveNanos == h.clock.realtimeNanos + 2_000 && own.sendNanos == own.receiveNanos, "on the parent's clock")
        #expect(own.clockBoundMicros == 40)
        #expect(listener.audio.map(\.sequence) == [1, 2])
    }

    @Test func anEdgeSendsFramesWithoutStampsUnstampedAsBefore() {
        let h = CoreHarness(role: .edge)
        let listener = h.listener()
        h.core.relay(AudioFrame(room: 1, speaker: 0, sequence: 1, captureTimeNanos: h.clock.realtimeNanos, payload: []))
        h.core.flushRelayedRooms()
        #expect(listener.audio.count == 1 && listener.hops.isEmpty)
        // A packet cut short (the parent went away) leaves without stamps when the next begins.
        h.core.relay(HopStamps(room: 1, ingestMicros: [0, 0], originSendNanos: h.clock.realtimeNanos))
        h.core.relay(AudioFrame(room: 1, speaker: 0, sequence: 2, captureTimeNanos: h.clock.realtimeNanos, payload: []))
        h.core.relay(HopStamps(room: 1, ingestMicros: [0], originSendNanos: h.clock.realtimeNanos))
        #expect(listener.audio.count == 2 && listener.hops.isEmpty)
        h.core.relay(AudioFrame(room: 1, speaker: 0, sequence: 3, captureTimeNanos: h.clock.realtimeNanos, payload: []))
        #expect(listener.audio.count == 3 && listener.hops.count == 1)
    }
}
