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
