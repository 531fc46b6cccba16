import SwarmcastMeasure
import Testing

/// `ClockEstimate.correction`: an edge applies an offset only when it can be told from zero.
struct ClockCorrectionTests {
    @Test func anOffsetWithinItsBoundIsNotAppliedButWidensTheBound() throws {
        var clock = ClockEstimate()
        #expect(clock.correction == nil)
        // One kernel: the same clock, a 60 µs round trip with 40 out and 20 back.
        let t: UInt64 = 1_700_000_000_000_000_000
        clock.add(sent: t, server: t + 40_000, received: t + 60_000)
        let same = try #require(clock.correction)
        #expect(clock.offsetNanos == 10_000 && same.offsetNanos == 0 && same.boundNanos == 40_000)
    }

    @Test func anOffsetBeyondItsBoundIsApplied() throws {
        var clock = ClockEstimate()
        let t: UInt64 = 1_700_000_000_000_000_000
        // Another host 3 ms ahead, a 100 µs round trip.
        clock.add(sent: t, server: t + 50_000 + 3_000_000, received: t + 100_000)
        let other = try #require(clock.correction)
        #expect(other.offsetNanos == 3_000_000 && other.boundNanos == 50_000)
    }
}
