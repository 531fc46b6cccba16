/// Names what a frame that does not sound like its source sounds like instead, from the audio
/// alone (sequence numbers and timestamps said it was the right frame):
///
/// - `audio:reset`: the frame is the right moment's audio, distorted (no other moment matches
///   it better, and it still matches at least `distorted`): a break in the encoding's history,
///   as the first frame of an encoder that lost its state (a reset, a restarted edge) sounds;
///   measured: such frames match 0.4 to 0.87 where the stream matches above 0.99.
/// - `audio:repeated`: the frame is audio this listener already heard in the last 3 s (a
///   segment or part served twice).
/// - `audio:wrong-seat`: the frame is another speaker's audio of the same moment (seats play
///   the loop `OpusVoiceLoop.seatStride` frames apart).
/// - `audio:wrong-time`: the frame is the source from another moment (a segment stamped with
///   the wrong time: its `tfdt` says one place, its audio is another).
/// - `audio:unknown`: none of these (noise, another signal).
///
/// Searching every loop position costs one correlation per position (200 of 960 samples); it
/// runs only for mismatched frames, and the offset found last is tried first, so a listener fed
/// a steadily wrong stream pays one extra correlation per frame.
final class MismatchClassifier {
    let reference: ReferenceAudio
    /// Offsets (in loop frames, mod the loop) at which another seat's audio lies.
    let seatOffsets: Set<Int>
    /// The offset that explained the last mismatch.
    private var lastOffset: Int?
    /// A match at least this good says the frame *is* that position's audio.
    static let sameAudio: Float = 0.9
    /// Below this the frame is not the expected audio at all, however distorted.
    static let distorted: Float = 0.25

    init(reference: ReferenceAudio, seats: Int) {
        self.reference = reference
        var offsets = Set<Int>()
        for k in 1..<max(1, seats) {
            let d = (k * OpusVoiceLoop.seatStride) % reference.count
            offsets.insert(d)
            offsets.insert((reference.count - d) % reference.count)
        }
        seatOffsets = offsets
    }

    /// The cause of a mismatch at expected position `p`, and the position the frame's audio is
    /// from (for the listener's memory of what it heard).
    func classify(_ pcm: UnsafePointer<Float>, expected p: Int, heard: [Int]) -> (String, Int) {
        let n = reference.frameSamples
        return reference.pcm.withUnsafeBufferPointer { r in
            let base = r.baseAddress!
            let expected = Self.correlation(pcm, base + p * n, count: n).match
            var best: (match: Float, position: Int) = (-1, p)
            if let d = lastOffset {
                let j = (p + d) % reference.count
                let m = Self.correlation(pcm, base + j * n, count: n).match
                if m >= Self.sameAudio { best = (m, j) }
            }
            if best.match < Self.sameAudio {
                for j in 0..<reference.count where j != p && !reference.isSilent(j) {
                    let m = Self.correlation(pcm, base + j * n, count: n).match
                    if m > best.match { best = (m, j) }
                }
            }
            guard best.match >= Self.sameAudio else {
                return expected >= Self.distorted ? ("audio:reset", p) : ("audio:unknown", p)
            }
            let offset = (best.position - p + reference.count) % reference.count
            lastOffset = offset
            if heard.contains(best.position) { return ("audio:repeated", best.position) }
            if seatOffsets.contains(offset) { return ("audio:wrong-seat", best.position) }
            return ("audio:wrong-time", best.position)
        }
    }

    /// Normalised correlation of `count` samples of `a` and `b` (0 when either is silent,
    /// negative correlation counted as 0), and the energy of `a`.
    @inline(__always)
    static func correlation(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> (match: Float, energy: Float) {
        var ab: Float = 0, aa: Float = 0, bb: Float = 0
        for k in 0..<count {
            ab += a[k] * b[k]
            aa += a[k] * a[k]
            bb += b[k] * b[k]
        }
        guard aa > 0 && bb > 0 else { return (0, aa) }
        return (max(0, ab / (aa * bb).squareRoot()), aa)
    }
}
