@testable import SwarmcastMeasure
import Testing

/// Version 5's HLS histograms (playlist staleness, segment fetch), and reading version 4 records.
struct SnapshotCodecHLSTests {
    @Test func hlsHistogramsRoundTrip() throws {
        let sample = SnapshotSamples.busy(samples: 10_000)
        #expect(sample.playlistStaleness.totalCount == 100 && sample.segmentFetch.totalCount == 100)
        let back = try SnapshotCodec.encode(sample).withUnsafeBytes { try SnapshotCodec.decode(record: $0) }
        #expect(back.playlistStaleness == sample.playlistStaleness)
        #expect(back.segmentFetch == sample.segmentFetch)
        #expect(back == sample)
    }

    /// A version 4 record (an agent of the previous build) is read, its HLS histograms empty and
    /// every other field as sent, directly and through the pipe reader.
    @Test func version4RecordIsReadWithEmptyHLSHistograms() throws {
        let sample = SnapshotSamples.busy(samples: 1_000)
        let old = SnapshotCodec.encode(sample, version: 4)
        #expect(old[3] == 4)
        #expect(old.count < SnapshotCodec.encode(sample).count)
        var expected = sample
        expected.playlistStaleness = SparseCounts()
        expected.segmentFetch = SparseCounts()
        let back = try old.withUnsafeBytes { try SnapshotCodec.decode(record: $0) }
        #expect(back == expected)
        var reader = AgentPipeReader()
        var got: [AgentSnapshot] = []
        (old + SnapshotCodec.encode(sample)).withUnsafeBytes { reader.feed($0) { got.append($0) } }
        reader.finish()
        #expect(got == [expected, sample])
        #expect(reader.corruptRecords == 0)
    }
}
