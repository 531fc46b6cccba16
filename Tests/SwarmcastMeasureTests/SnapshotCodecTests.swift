import Foundation
import SwarmcastMeasure
import Testing

struct SnapshotCodecTests {
    @Test func roundTripsExactly() throws {
        let snapshot = SnapshotSamples.busy()
        let record = SnapshotCodec.encode(snapshot)
        let back = try record.withUnsafeBytes { try SnapshotCodec.decode(record: $0) }
        #expect(back == snapshot)
        #expect(back.delay.totalCount == 50_000)
    }

    @Test func readerSplitsRecordsFedInPieces() {
        let a = SnapshotSamples.busy(samples: 1000)
        var b = a
        b.second = 43
        b.endReason = nil
        b.final = false
        let bytes = SnapshotCodec.encode(a) + SnapshotCodec.encode(b)
        var reader = AgentPipeReader()
        var got: [AgentSnapshot] = []
        var offset = 0
        // Odd piece sizes so headers and bodies straddle reads.
        while offset < bytes.count {
            let end = min(bytes.count, offset + 97)
            bytes[offset..<end].withUnsafeBytes { reader.feed($0) { got.append($0) } }
            offset = end
        }
        reader.finish()
        #expect(got == [a, b])
        #expect(reader.corruptRecords == 0 && reader.truncatedRecords == 0)
    }

    @Test func corruptRecordIsCountedAndTheNextOneStillRead() {
        let a = SnapshotSamples.busy(samples: 1000)
        var bad = SnapshotCodec.encode(a)
        bad[SnapshotCodec.headerBytes + 20] ^= 0xFF
        let bytes = bad + SnapshotCodec.encode(a)
        var reader = AgentPipeReader()
        var got: [AgentSnapshot] = []
        bytes.withUnsafeBytes { reader.feed($0) { got.append($0) } }
        #expect(got == [a])
        #expect(reader.corruptRecords == 1)
    }

    @Test func garbageBeforeARecordIsSkippedOnce() {
        let a = SnapshotSamples.busy(samples: 100)
        let bytes = Array("{\"agent\":0}\nSW".utf8) + SnapshotCodec.encode(a)
        var reader = AgentPipeReader()
        var got: [AgentSnapshot] = []
        bytes.withUnsafeBytes { reader.feed($0) { got.append($0) } }
        #expect(got == [a])
        #expect(reader.corruptRecords == 1)
    }

    @Test func truncatedRecordIsCountedAtTheEnd() {
        let record = SnapshotCodec.encode(SnapshotSamples.busy(samples: 100))
        var reader = AgentPipeReader()
        var got = 0
        record.dropLast(5).withUnsafeBytes { reader.feed($0) { _ in got += 1 } }
        reader.finish()
        #expect(got == 0)
        #expect(reader.truncatedRecords == 1)
    }

    @Test func unknownVersionIsRefused() {
        var record = SnapshotCodec.encode(SnapshotSamples.busy(samples: 10))
        record[3] = 99
        #expect(throws: SnapshotDecodingError.unsupportedVersion(99)) { try record.withUnsafeBytes { try SnapshotCodec.decode(record: $0) } }
        // Version 1 had no clock fields: a mixed build is refused by name, not misread.
        record[3] = 1
        #expect(throws: SnapshotDecodingError.unsupportedVersion(1)) { try record.withUnsafeBytes { try SnapshotCodec.decode(record: $0) } }
        // Version 2 had no generator health: refused too.
        record[3] = 2
        #expect(throws: SnapshotDecodingError.unsupportedVersion(2)) { try record.withUnsafeBytes { try SnapshotCodec.decode(record: $0) } }
        // Version 3 had no HLS sums: refused too.
        record[3] = 3
        #expect(throws: SnapshotDecodingError.unsupportedVersion(3)) { try record.withUnsafeBytes { try SnapshotCodec.decode(record: $0) } }
    }

    @Test func generatorFieldsRoundTrip() throws {
        let sample = SnapshotSamples.busy(samples: 10)
        #expect(SnapshotCodec.version == 7)
        let back = try SnapshotCodec.encode(sample).withUnsafeBytes { try SnapshotCodec.decode(record: $0) }
        #expect(back.generator == sample.generator)
        #expect(back.generator.loopLagMicros == 240_123 && back.generator.portExhausted == 17)
        #expect(GeneratorLimits.isSaturated(back.generator, droppedBehind: 0, newPortExhausted: 0))
        #expect(!GeneratorLimits.isSaturated(GeneratorSample(cpuPermille: 500, loopLagMicros: 10_000), droppedBehind: 0, newPortExhausted: 0))
        #expect(GeneratorLimits.isSaturated(GeneratorSample(), droppedBehind: 1, newPortExhausted: 0))
        #expect(GeneratorLimits.isSaturated(GeneratorSample(), droppedBehind: 0, newPortExhausted: 1))
        #expect(GeneratorLimits.isSaturated(GeneratorSample(runQueueWaitPermille: 600), droppedBehind: 0, newPortExhausted: 0))
    }

    @Test func clockFieldsRoundTrip() throws {
        let sample = SnapshotSamples.busy(samples: 10)
        let back = try SnapshotCodec.encode(sample).withUnsafeBytes { try SnapshotCodec.decode(record: $0) }
        #expect(back.clockOffsetNanos == -250_123_456 && back.clockBoundNanos == 400_000 && back.clockSamples == 12)
    }

    /// Every truncation and every single-byte change of a record is rejected or decoded, never a trap.
    @Test func noPrefixOrFlippedByteCrashes() {
        let record = SnapshotCodec.encode(SnapshotSamples.busy(samples: 300))
        for length in 0..<record.count {
            _ = try? record[..<length].withUnsafeBytes { try SnapshotCodec.decode(record: $0) }
        }
        for i in stride(from: 0, to: record.count, by: 3) {
            var copy = record
            copy[i] = copy[i] &+ 0x41
            var reader = AgentPipeReader()
            copy.withUnsafeBytes { reader.feed($0) { _ in } }
            reader.finish()
        }
    }

    /// The figure for the report: encode + decode of a 50,000-sample snapshot, JSON then binary.
    /// Debug builds inflate both; run the same loop optimized with Benchmarks/snapshot-codec.sh.
    @Test func binaryIsSmallerThanJSON() throws {
        let snapshot = SnapshotSamples.busy()
        let json = try JSONEncoder().encode(LegacyJSONSnapshot(snapshot))
        let binary = SnapshotCodec.encode(snapshot)
        #expect(binary.count * 2 < json.count)
        let clock = ContinuousClock()
        let jsonTime = try clock.measure {
            let data = try JSONEncoder().encode(LegacyJSONSnapshot(snapshot))
            _ = try JSONDecoder().decode(LegacyJSONSnapshot.self, from: data)
        }
        let binaryTime = try clock.measure {
            let bytes = SnapshotCodec.encode(snapshot)
            _ = try bytes.withUnsafeBytes { try SnapshotCodec.decode(record: $0) }
        }
        print("snapshot 50k samples (debug): JSON \(json.count) B \(jsonTime); binary \(binary.count) B \(binaryTime)")
    }
}
