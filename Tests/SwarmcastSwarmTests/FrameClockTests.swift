@testable import SwarmcastSwarm
import Testing

struct FrameClockTests {
    @Test func framesGoOutOnceTheirCaptureTimeHasPassedStampedWithIt() {
        var clock = FrameClock()
        clock.start(at: 1_000)
        var sent: [(UInt64, UInt64)] = []
        #expect(clock.sendDue(nowReal: 1_015, intervalNanos: 20) { sent.append(($0, $1)) } == 0)
        #expect(clock.sendDue(nowReal: 1_065, intervalNanos: 20) { sent.append(($0, $1)) } == 3)
        #expect(sent.map(\.0) == [1, 2, 3] && sent.map(\.1) == [1_020, 1_040, 1_060])
        // Nothing twice, and a late caller gets every overdue frame with its scheduled stamp.
        #expect(clock.sendDue(nowReal: 1_065, intervalNanos: 20) { sent.append(($0, $1)) } == 0)
        #expect(clock.sendDue(nowReal: 1_100, intervalNanos: 20) { sent.append(($0, $1)) } == 2)
        #expect(sent.suffix(2).map(\.1) == [1_080, 1_100])
    }
}
