import SwarmcastMeasure
import Testing

struct ClockEstimateTests {
    /// A server 250 ms ahead; paths of varying (asymmetric) delay: the estimate is the
    /// minimum-RTT sample's, and the true offset is within its bound.
    @Test func keepsTheMinimumRoundTripSampleAndBoundsTheOffset() throws {
        var clock = ClockEstimate(window: 8)
        #expect(clock.offsetNanos == 0 && clock.boundNanos == nil)
        let trueOffset: Int64 = 250_000_000
        let paths: [(out: UInt64, back: UInt64)] = [(5_000_000, 1_000_000), (300_000, 200_000), (2_000_000, 9_000_000)]
        var t: UInt64 = 1_000_000_000_000
        for path in paths {
            let server = UInt64(Int64(t + path.out) + trueOffset)
            clock.add(sent: t, server: server, received: t + path.out + path.back)
            t += 1_000_000_000
        }
        #expect(clock.samples == 3)
        let bound = try #require(clock.boundNanos)
        #expect(bound == 250_000)
        #expect(abs(clock.offsetNanos - trueOffset) <= Int64(bound))
        #expect(abs(clock.offsetNanos - trueOffset) == 50_000)
    }

    @Test func oldSamplesAgeOut() {
        var clock = ClockEstimate(window: 2)
        let b: UInt64 = 10_000_000_000
        clock.add(sent: b, server: b + 50 + 1_000, received: b + 100)
        clock.add(sent: b + 1_000_000, server: b + 1_005_000 - 5_000_000, received: b + 1_010_000)
        clock.add(sent: b + 2_000_000, server: b + 2_005_000 - 5_000_000, received: b + 2_010_000)
        #expect(clock.offsetNanos == -5_000_000, "the first sample, 2 samples ago, no longer counts")
    }
}
