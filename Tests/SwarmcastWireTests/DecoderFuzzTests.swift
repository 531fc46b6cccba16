import Testing
@testable import SwarmcastWire

/// A small deterministic fuzz: random and mutated streams must throw or decode, never crash, and
/// never buffer more than one maximum frame.
struct DecoderFuzzTests {
    @Test func randomAndMutatedInputsNeverCrash() {
        var rng = SplitMix64(seed: 0x5EED)
        var valid: [UInt8] = []
        for frame in FrameCodecTests.samples { FrameEncoder.append(frame, to: &valid) }
        for round in 0..<20_000 {
            var input: [UInt8]
            if round % 2 == 0 {
                input = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                input = valid
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    input[Int(rng.next() % UInt64(input.count))] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            var decoder = FrameDecoder(maximumFrameBytes: 4096)
            _ = try? decoder.frames(in: input)
            #expect(decoder.bufferedBytes <= 4096 + 4 + input.count)
        }
    }
}

/// A tiny seeded generator so fuzz rounds repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
