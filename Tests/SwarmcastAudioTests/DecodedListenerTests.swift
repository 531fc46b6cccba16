import SwarmcastAudio
import SwarmcastMeasure
import SwarmcastSettings
import SwarmcastTestSupport
import Testing

/// Decoded listeners score what they decode against the source, and name what is wrong when the
/// sequence numbers are perfect but the sound is not.
@Suite struct DecodedListenerTests {
    static let reference = ReferenceAudio(audio: AudioSettings())!

    /// Feeds frames `sequences` of `seats` seats from `source` to one decoded listener; returns
    /// its counts and its per-second match (50 frames a second).
    static func listen(_ source: AudioFaultSource, sequences: ClosedRange<UInt64>, seats: Int = 1, roomSeats: Int = 2,
                       drop: Set<UInt64> = []) -> (AudioCounts, [Int]) {
        let listener = DecodedListener(reference: reference, seats: roomSeats)
        var counts = AudioCounts()
        var seconds: [Int] = []
        for sequence in sequences {
            for seat in 0..<seats where !drop.contains(sequence) {
                source.packet(sequence: sequence, seat: seat).withUnsafeBytes {
                    listener.receive($0, sequence: sequence, seat: seat, counts: &counts)
                }
            }
            if sequence % 50 == 0, let s = listener.closeSecond(listener: 1, second: Int(sequence / 50)) { seconds.append(s.matchPermille) }
        }
        return (counts, seconds)
    }

    @Test func theSourceAsPlayedMatchesItselfFromAnyStartingPoint() {
        for start in stride(from: UInt64(1), to: 200, by: 9) {
            let (counts, seconds) = Self.listen(AudioFaultSource(fault: .none), sequences: start...(start + 120), seats: 2)
            #expect(counts.frames == 242)
            #expect(counts.concealed == 0 && counts.silent == 0 && counts.mismatched == 0, "\(counts)")
            #expect(counts.causes.isEmpty)
            #expect(seconds.allSatisfy { $0 >= 990 }, "\(seconds)")
        }
    }

    @Test func lostFramesAreConcealedAndCounted() {
        let (counts, _) = Self.listen(AudioFaultSource(fault: .none), sequences: 1...300, drop: [100, 101, 102, 200])
        #expect(counts.concealed == 4)
        #expect(counts.frames == 300)
        #expect(counts.causes.isEmpty, "concealment is not a cause: \(counts.causes)")
    }

    @Test func repeatedAndLateSequencesAreDroppedAndCounted() {
        let listener = DecodedListener(reference: Self.reference, seats: 1)
        var counts = AudioCounts()
        let loop = Self.reference.loop
        for sequence: UInt64 in [1, 2, 3, 3, 4, 2, 5] {
            loop.packet(sequence: sequence, seat: 0).withUnsafeBytes { listener.receive($0, sequence: sequence, seat: 0, counts: &counts) }
        }
        #expect(counts.repeated == 1 && counts.outOfOrder == 1 && counts.frames == 5)
    }

    @Test func anEncoderResetIsHeardAndNamed() {
        let (counts, seconds) = Self.listen(AudioFaultSource(fault: .encoderReset(from: 60, every: 9)), sequences: 1...400)
        #expect(counts.causes["audio:reset", default: 0] >= 5, "\(counts)")
        #expect(counts.mainCause == "audio:reset", "\(counts)")
        #expect(counts.sequenceFaultsAreZero)
        #expect(seconds.min()! < 990, "\(seconds)")
    }

    @Test func anotherSeatsAudioIsHeardAndNamed() {
        let (counts, _) = Self.listen(AudioFaultSource(fault: .wrongSeat(100...200, seat: 1)), sequences: 1...300, seats: 1)
        #expect(counts.causes["audio:wrong-seat", default: 0] >= 15, "\(counts)")
        #expect(counts.mainCause == "audio:wrong-seat", "\(counts)")
        #expect(counts.sequenceFaultsAreZero)
    }

    @Test func audioHeardTwiceIsNamedRepeated() {
        let (counts, _) = Self.listen(AudioFaultSource(fault: .repeated(151...200, frames: 50)), sequences: 1...300)
        #expect(counts.causes["audio:repeated", default: 0] >= 8, "\(counts)")
        #expect(counts.mainCause == "audio:repeated", "\(counts)")
    }

    @Test func audioFromAnotherMomentIsNamedWrongTime() {
        let (counts, _) = Self.listen(AudioFaultSource(fault: .wrongTime(101...150, frames: 50)), sequences: 1...300)
        #expect(counts.causes["audio:wrong-time", default: 0] >= 8, "\(counts)")
        #expect(counts.mainCause == "audio:wrong-time", "\(counts)")
    }
}

extension AudioCounts {
    /// Nothing a sequence number could show: no concealment, repeats or reordering.
    var sequenceFaultsAreZero: Bool { concealed == 0 && repeated == 0 && outOfOrder == 0 }
    /// The most frequent cause but silence (which any wrong audio may also show as).
    var mainCause: String? { causes.filter { $0.key != "audio:silence" }.max { $0.value < $1.value }?.key }
}
