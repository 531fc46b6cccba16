import SwarmcastSettings

/// What the built-in speakers' voice sounds like after Opus: the loop's packets decoded, in loop
/// order, by a fresh decoder that has already played the loop once (so each frame carries the
/// decoder history a listener who has been listening has). Decoded listeners compare what they
/// decode with this, not with the raw `VoiceSignal`, so the codec's own loss is not counted as
/// a mismatch.
///
/// Built once per agent process (200 frames of 20 ms: a few milliseconds) and read by every
/// decoded listener of the process; immutable after `init`.
public final class ReferenceAudio: Sendable {
    public let loop: OpusVoiceLoop
    public let frameSamples: Int
    /// Every loop position's decoded frame, back to back (`count × frameSamples` samples).
    public let pcm: [Float]
    /// Per position: the frame's energy (sum of squares), and that of its first `headSamples`.
    public let energy: [Float]
    public let headEnergy: [Float]
    /// A frame quieter than this (RMS, full scale 1) is silence, in the source and in what a
    /// listener decodes (about −50 dBFS; the voice's syllables peak near −15 dBFS).
    public static let silenceRMS: Float = 0.003
    /// The start of a frame that a reset encoder leaves empty: its lookahead (6.5 ms at 48 kHz),
    /// rounded down to 5 ms so that it fits every frame size Opus has from 10 ms up.
    public let headSamples: Int

    /// The loops frames number.
    public var count: Int { energy.count }

    /// nil when the settings are not Opus (the synthetic pattern cannot be decoded or scored).
    public init?(audio: AudioSettings) {
        guard let frameSamples = OpusVoiceLoop.frameSamples(audio: audio) else { return nil }
        let loop = OpusVoiceLoop(audio: audio)
        guard loop.isOpus, let decoder = OpusFrameDecoder(frameSamples: frameSamples) else { return nil }
        self.loop = loop
        self.frameSamples = frameSamples
        headSamples = min(frameSamples / 2, 240)
        var pcm = [Float](repeating: 0, count: loop.packets.count * frameSamples)
        for pass in 0..<2 {
            for (i, packet) in loop.packets.enumerated() {
                let n = packet.withUnsafeBytes { decoder.decode($0) } ?? 0
                guard pass == 1 else { continue }
                for k in 0..<min(n, frameSamples) { pcm[i * frameSamples + k] = decoder.pcm[k] }
            }
        }
        self.pcm = pcm
        energy = (0..<loop.packets.count).map { i in Self.sumOfSquares(pcm, from: i * frameSamples, count: frameSamples) }
        headEnergy = (0..<loop.packets.count).map { [headSamples] i in Self.sumOfSquares(pcm, from: i * frameSamples, count: headSamples) }
    }

    /// Whether the source is silent at loop position `p` (the voice's pauses).
    public func isSilent(_ p: Int) -> Bool { energy[p] < Self.silenceRMS * Self.silenceRMS * Float(frameSamples) }

    static func sumOfSquares(_ x: [Float], from start: Int, count: Int) -> Float {
        x.withUnsafeBufferPointer { b in
            var s: Float = 0
            for k in start..<(start + count) { s += b[k] * b[k] }
            return s
        }
    }
}
