import Foundation
import Testing
@testable import SwarmcastWire

/// Replays the fuzzing corpus (Tests/SwarmcastWireTests/Corpus: seeds and any input that once
/// crashed the decoder) through the same checks as Benchmarks/fuzz.sh.
struct CorpusTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    @Test func everyCorpusInputDecodesOrThrowsWithinBounds() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
        #expect(files.count >= 10)
        for name in files {
            let bytes = Array(try Data(contentsOf: Self.directory.appendingPathComponent(name)))
            for split in [0, bytes.count / 2, bytes.count] {
                var decoder = FrameDecoder(maximumFrameBytes: 4096)
                var frames: [Frame] = []
                do {
                    try decoder.decode(Array(bytes[..<split])) { frames.append($0) }
                    try decoder.decode(Array(bytes[split...])) { frames.append($0) }
                } catch is WireError {
                    // A refusal is a correct outcome for a broken input.
                }
                #expect(decoder.bufferedBytes <= 4096 + 4 + bytes.count, "\(name)")
                for frame in frames {
                    var again = FrameDecoder(maximumFrameBytes: 1 << 20)
                    #expect(try again.frames(in: FrameEncoder.encode(frame)) == [frame], "\(name)")
                }
            }
        }
    }
}
