import Histogram
import SwarmcastMeasure
import Testing

struct LatencyHistogramTests {
    /// The one-pass percentiles give exactly what HdrHistogram's own `valueAtPercentile` and
    /// `mean` give, for small and large, narrow and wide histograms.
    @Test(arguments: [1, 2, 7, 100, 5_000, 60_000])
    func onePassPercentilesEqualHdrHistogramsOwn(samples: Int) throws {
        var random = SeededRandom(seed: UInt64(samples))
        var h = LatencyHistogram.latency()
        for i in 0..<samples {
            // A mix of a narrow body and a long tail, as delays have.
            let value = i % 10 == 0 ? UInt64.random(in: 1...3_000_000, using: &random) : UInt64.random(in: 40_000...60_000, using: &random)
            h.recordClamped(value)
        }
        let p = try #require(h.percentilesMillis())
        func ms(_ units: UInt64) -> Double { LatencyUnit.millis(units: Double(units)).rounded(toPlaces: 3) }
        #expect(p.count == UInt64(samples))
        #expect(p.p50 == ms(h.valueAtPercentile(50)))
        #expect(p.p90 == ms(h.valueAtPercentile(90)))
        #expect(p.p95 == ms(h.valueAtPercentile(95)))
        #expect(p.p99 == ms(h.valueAtPercentile(99)))
        #expect(p.p999 == ms(h.valueAtPercentile(99.9)))
        #expect(p.max == ms(h.max))
        #expect(p.mean == LatencyUnit.millis(units: h.mean).rounded(toPlaces: 3))
    }

    @Test func anEmptyHistogramHasNoPercentiles() {
        #expect(LatencyHistogram.latency().percentilesMillis() == nil)
    }

    /// `clear` empties a histogram as HdrHistogram's `reset` does, and what is recorded after it
    /// stays in that histogram (the shared empty one it starts from is copied on write).
    @Test func clearingEmptiesAndLeavesTheSharedEmptyOneAlone() {
        var h = LatencyHistogram.latency()
        for value: UInt64 in [5, 500, 50_000, 5_000_000] { h.recordClamped(value) }
        h.clear()
        #expect(h.totalCount == 0 && h.maxRecorded == 0 && h.percentilesMillis() == nil)
        #expect(h == LatencyHistogram.latency())
        h.recordClamped(700)
        #expect(h.totalCount == 1 && h.valueAtPercentile(100) == h.highestEquivalentForValue(700))
        #expect(LatencyHistogram.latency().totalCount == 0, "recording after clear wrote into the shared empty histogram")
        // Another range or precision keeps HdrHistogram's own reset, and its layout.
        var other = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 1_000, numberOfSignificantValueDigits: .two)
        other.recordClamped(300)
        other.clear()
        #expect(other.totalCount == 0 && other.highestTrackableValue == 1_000 && other.numberOfSignificantValueDigits == .two)
    }
}
