@testable import SwarmcastMeasure
import Testing

/// Delay by tier: each frame's tiers add up to its end-to-end delay, negatives are counted and
/// summed as they are, and the tiers survive a snapshot record (version 7) and old records.
struct DelayTiersTests {
    static func sample() -> DelayTiers {
        var t = DelayTiers()
        t.record(ingest: 2_400, origin: 17_600, edges: [150, 90], lastMile: 210, hopClockBoundMicros: 0)
        t.record(ingest: 100, origin: 0, edges: [30_000, 5], lastMile: 9_000, hopClockBoundMicros: 12)
        t.record(ingest: -50, origin: 300, edges: [100], lastMile: 40, hopClockBoundMicros: 7)
        return t
    }

    @Test func eachFramesTiersAddUpToItsEndToEndDelay() {
        let t = Self.sample()
        #expect(t.frames == 3 && t.tierCount == DelayTier.edge(2) + 1)
        let tiers = DelayTier.pathOrder(count: t.tierCount)
        #expect(tiers.map { DelayTier.name($0) } == ["ingest", "origin", "edge1", "edge2", "last_mile"])
        #expect(tiers.reduce(Int64(0)) { $0 + t.sumsMicros[$1] } == t.sumsMicros[DelayTier.endToEnd])
        #expect(t.sumsMicros[DelayTier.endToEnd] == 20_450 + 39_105 + 390)
        #expect(t.histograms[DelayTier.endToEnd].max >= 39_000, "end to end is recorded per frame")
        #expect(t.histograms[DelayTier.edge(2)].totalCount == 2, "the third frame went through one edge")
        #expect(t.clampedFrames == 1, "a speaker clock ahead of the origin's makes ingest negative")
        #expect(t.sumsMicros[DelayTier.ingest] == 2_450, "summed as it was, not as 0")
        #expect(t.hopClockBoundMicros == 12)
    }

    @Test func oneListenerInEightSplitsSpreadOverIndices() {
        let split = (0..<80_000).filter { DelayTier.splits(listenerIndex: $0) }
        #expect(abs(split.count - 80_000 / DelayTier.listenersPerSplit) < 200)
        // Spread: every residue of small moduli (rooms, agents, shards assign by index) gets some.
        for modulus in [2, 3, 4, 8, 16] {
            #expect(Set(split.map { $0 % modulus }).count == modulus)
        }
        #expect(DelayTier.splits(listenerIndex: 0), "a one-listener run splits")
    }

    @Test func samplesAddUpToTheWholeAndStartAgain() {
        var t = Self.sample()
        let whole = t
        let first = t.takeSample()
        #expect(t.frames == 0 && t.histograms.allSatisfy { $0.totalCount == 0 })
        t.record(ingest: 1, origin: 1, edges: [], lastMile: 1, hopClockBoundMicros: 0)
        let second = t.takeSample()
        var merged = DelayTiers()
        merged.add(first)
        merged.add(second)
        #expect(merged.frames == 4)
        #expect(merged.sumsMicros[DelayTier.endToEnd] == whole.sumsMicros[DelayTier.endToEnd] + 3)
        var byRuns = DelayTiers()
        byRuns.add(whole)
        byRuns.add(merged)
        #expect(byRuns.frames == 7 && byRuns.histograms[DelayTier.origin].totalCount == 7)
    }

    @Test func hlsPartsSplitIntoPackagingDiscoveryAndFetch() throws {
        var t = DelayTiers(layout: .hls)
        t.record(packaging: 500_000, discovery: 0, fetch: 1_200)
        t.record(packaging: 3_000_000, discovery: 1_100_000, fetch: 300)
        #expect(DelayTier.pathOrder(count: t.tierCount, .hls).map { DelayTier.name($0, .hls) } == ["packaging", "discovery", "fetch"])
        #expect(t.sumsMicros[DelayTier.endToEnd] == 4_601_500 && t.frames == 2 && t.clampedFrames == 0)
        var native = DelayTiers()
        native.add(t)
        #expect(native.frames == 0, "another layout's tiers are not added")
        var snapshot = SnapshotSamples.busy(samples: 10)
        snapshot.hlsDelayTiers = t.takeSample()
        var native2 = Self.sample()
        snapshot.delayTiers = native2.takeSample()
        let back = try SnapshotCodec.encode(snapshot).withUnsafeBytes { try SnapshotCodec.decode(record: $0) }
        #expect(back == snapshot)
        #expect(back.hlsDelayTiers.layout == .hls && back.hlsDelayTiers.frames == 2)
    }

    @Test func tiersRoundTripInVersion6AndOlderRecordsHaveNone() throws {
        var snapshot = SnapshotSamples.busy(samples: 100)
        var tiers = Self.sample()
        snapshot.delayTiers = tiers.takeSample()
        let back = try SnapshotCodec.encode(snapshot).withUnsafeBytes { try SnapshotCodec.decode(record: $0) }
        #expect(back == snapshot)
        #expect(back.delayTiers.histograms.count == 6 && back.delayTiers.sumsMicros[DelayTier.ingest] == 2_450)
        let old = SnapshotCodec.encode(snapshot, version: 5)
        #expect(old[3] == 5)
        let fromOld = try old.withUnsafeBytes { try SnapshotCodec.decode(record: $0) }
        var expected = snapshot
        expected.delayTiers = DelayTierSample()
        #expect(fromOld == expected)
    }
}
