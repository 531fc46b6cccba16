@testable import SwarmcastServer
import Testing

/// The packet decision, driven in-process: no sockets, no binary.
struct PacketClockTests {
    @Test func ticksGroupFramesPerPacket() {
        var clock = PacketClock(framesPerPacket: 5)
        let due = (1...15).map { _ in clock.packetDue(after: .tick) }
        #expect(due.enumerated().filter(\.element).map { $0.offset + 1 } == [5, 10, 15])
    }

    @Test func speakerFramesLeaveAtOnceOnlyForSingleFramePackets() {
        var single = PacketClock(framesPerPacket: 1)
        var grouped = PacketClock(framesPerPacket: 3)
        let singleNow = single.packetDue(after: .speakerFrame)
        let groupedNow = grouped.packetDue(after: .speakerFrame)
        let singleTick = single.packetDue(after: .tick)
        #expect(singleNow)
        #expect(!groupedNow, "grouped packets wait for the tick")
        #expect(singleTick)
    }

    @Test func anEdgeSendsWhatEachReadFromItsOriginBrought() {
        var clock = PacketClock(framesPerPacket: 150)
        let afterRead = clock.packetDue(after: .relayRead)
        let afterTick = clock.packetDue(after: .tick)
        #expect(afterRead, "the origin already grouped them")
        #expect(!afterTick, "and a relay read does not advance the tick count")
    }
}

/// The frame timer's tick: as long as it can be while still landing on every packet and part boundary.
struct FrameTimerTickTests {
    @Test func theTickIsTheGreatestCommonDivisorOfPacketAndPart() {
        #expect(PacketClock.framesPerTick(framesPerPacket: 150, framesPerPart: 25) == 25, "3 s packets, 500 ms parts: 2 ticks a second")
        #expect(PacketClock.framesPerTick(framesPerPacket: 1, framesPerPart: 25) == 1)
        #expect(PacketClock.framesPerTick(framesPerPacket: 7, framesPerPart: 25) == 1)
        #expect(PacketClock.framesPerTick(framesPerPacket: 10, framesPerPart: 25) == 5)
    }

    @Test func aLongTickStillSendsOnEveryPacketBoundary() {
        var clock = PacketClock(framesPerPacket: 150, framesPerTick: 25)
        let due = (1...12).map { _ in clock.packetDue(after: .tick) }
        #expect(due.enumerated().filter(\.element).map { $0.offset + 1 } == [6, 12], "every sixth 500 ms tick is a 3 s packet")
    }

    @Test func theCoreTicksOncePerPartAtThreeSecondPacketsAndSendsThePacketWhole() throws {
        let h = CoreHarness { $0.audio.framesPerPacket = 150; $0.server.demoSpeakers = 1 }
        #expect(h.core.framesPerTick == 25)
        let listener = h.listener()
        h.tick(149)
        #expect(listener.audio.isEmpty, "the packet's last frame is not due yet")
        h.tick()
        #expect(listener.audio.map(\.sequence) == Array(1...150), "one packet of 150 frames, none lost to the longer tick")
        let stamps = try #require(listener.hops.first)
        #expect(stamps.ingestMicros.allSatisfy { $0 == 0 }, "a tick's frames count as received at their capture")
    }
}

/// Built-in speakers' frames on a longer tick: the tick's lateness is their ingest, as with a
/// tick per frame, and their wait for the packet stays the origin's.
struct DemoSpeakersOnALongTickTests {
    @Test func aLateTickShowsAsIngestAndTheFirstFrameStillWaitsFourIntervals() throws {
        let h = CoreHarness { $0.audio.framesPerPacket = 5; $0.server.demoSpeakers = 1 }
        #expect(h.core.framesPerTick == 5)
        let listener = h.listener()
        h.tick(4)
        h.clock.advance(nanos: 30_000_000)
        h.tick()
        let stamps = try #require(listener.hops.first)
        #expect(listener.audio.map(\.sequence) == [1, 2, 3, 4, 5, 6], "30 ms late: the sixth frame is due too")
        #expect(stamps.ingestMicros == [30_000, 30_000, 30_000, 30_000, 30_000, 10_000], "late by 30 ms; the sixth is received when the tick runs")
        let waits = listener.audio.map { (Int64(stamps.originSendNanos) - Int64($0.captureTimeNanos)) / 1000 }
        #expect(waits.first == 110_000, "80 ms of packet wait behind 30 ms of lateness")
    }
}
