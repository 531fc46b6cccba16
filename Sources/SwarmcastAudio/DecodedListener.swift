import SwarmcastMeasure

/// A decoded listener's ears: one Opus decoder per speaker seat, and the score of what they
/// decode against `ReferenceAudio` at the position the frame's sequence (and seat) says it is.
///
/// Per frame it counts (into `AudioCounts`, the same cumulative counters the agent sends every
/// second): decoded, concealed (a sequence gap filled by Opus packet loss concealment), silent
/// where the source speaks, repeated or out-of-order sequences (dropped, as a player would),
/// and for frames that match the source worse than `AudioCounts.mismatchBelow` what the sound
/// is instead (`MismatchClassifier`). Per listener-second (`closeSecond`) it gives the mean
/// per-frame match, which the agent records in its match histogram.
///
/// Only listeners chosen to decode have one; for the others the listener holds nil and pays a
/// nil check per read.
public final class DecodedListener {
    /// A seat's stream: its decoder and where it is.
    final class SeatStream {
        let decoder: OpusFrameDecoder
        var lastSequence: UInt64 = 0
        /// Frames still to decode before scoring starts: a decoder that joins mid-stream (or
        /// after a reset) needs a few frames of history before its output is the reference's.
        var warmUp: Int
        /// Frames after a concealment whose mismatch is the loss's echo, not a cause of its own.
        var recovering = 0
        /// Loop positions this seat's listener heard lately (what `audio:repeated` is told by).
        var heard: [Int] = []
        var heardNext = 0
        init(decoder: OpusFrameDecoder, warmUp: Int) {
            self.decoder = decoder
            self.warmUp = warmUp
        }
        func remember(_ position: Int) {
            if heard.count < DecodedListener.heardFrames { heard.append(position) } else { heard[heardNext] = position }
            heardNext = (heardNext + 1) % DecodedListener.heardFrames
        }
    }

    /// Frames decoded but not scored after a decoder starts.
    public static let warmUpFrames = 10
    /// Frames after a concealment that are not given a cause (the decoder is still catching up).
    public static let recoveryFrames = 5
    /// A gap longer than this (1 s of 20 ms frames) is a rejoin, not a loss to conceal: the
    /// decoder is reset instead.
    public static let maximumConcealedGap = 50
    /// How far back `audio:repeated` looks (1 s of 20 ms frames); audio from further back, or
    /// from ahead, is `audio:wrong-time`.
    static let heardFrames = 50

    public let reference: ReferenceAudio
    private var classifier: MismatchClassifier
    /// Speakers in the room (host included): which offsets are another seat's audio. A native
    /// listener learns it from WELCOME; other protocols keep the most a room may have (14).
    public var roomSeats: Int {
        didSet { if roomSeats != oldValue { classifier = MismatchClassifier(reference: reference, seats: roomSeats) } }
    }
    private var seats: [SeatStream?] = []
    /// This second's sums, for `closeSecond`.
    private var matchSum = 0.0
    private var scoredThisSecond = 0
    private var causesThisSecond: [String: Int] = [:]
    private var decodedEnvelope: [UInt8] = []
    private var referenceEnvelope: [UInt8] = []
    /// Set once the listener decoded its first frame (counted in `AudioCounts.listeners`).
    private var decodedAny = false

    /// `seats`: how many speakers the rooms have (host included), for telling a wrong seat.
    public init(reference: ReferenceAudio, seats: Int = 14) {
        self.reference = reference
        roomSeats = seats
        classifier = MismatchClassifier(reference: reference, seats: seats)
    }

    /// One received frame of seat `seat` with sequence `sequence` (the speaker's frame number).
    public func receive(_ packet: UnsafeRawBufferPointer, sequence: UInt64, seat: Int, counts: inout AudioCounts) {
        guard let stream = stream(seat) else { return }
        if !decodedAny {
            decodedAny = true
            counts.listeners += 1
        }
        if stream.lastSequence != 0 {
            if sequence == stream.lastSequence { counts.repeated += 1; return }
            if sequence < stream.lastSequence { counts.outOfOrder += 1; return }
            let gap = sequence - stream.lastSequence - 1
            if gap > UInt64(Self.maximumConcealedGap) {
                stream.decoder.reset()
                stream.warmUp = Self.warmUpFrames
            } else if gap > 0 {
                stream.recovering = Self.recoveryFrames
                for k in 1...gap {
                    _ = stream.decoder.conceal()
                    counts.frames += 1
                    counts.concealed += 1
                    score(stream, position: position(stream.lastSequence + k, seat), concealed: true, counts: &counts)
                }
            }
        }
        stream.lastSequence = sequence
        guard stream.decoder.decode(packet) != nil else {
            counts.causes["audio:undecodable", default: 0] += 1
            return
        }
        counts.frames += 1
        score(stream, position: position(sequence, seat), concealed: false, counts: &counts)
    }

    /// Ends the listener's current second: its mean match (nil when nothing was scored) and,
    /// when `envelope` is asked for, what it sounded like.
    public func closeSecond(listener: UInt64, second: Int) -> AudioWorstSecond? {
        defer {
            matchSum = 0
            scoredThisSecond = 0
            causesThisSecond = [:]
            decodedEnvelope.removeAll(keepingCapacity: true)
            referenceEnvelope.removeAll(keepingCapacity: true)
        }
        guard scoredThisSecond > 0 else { return nil }
        let permille = Int((matchSum / Double(scoredThisSecond) * 1000).rounded())
        return AudioWorstSecond(listener: listener, second: second, matchPermille: max(0, min(1000, permille)),
                                cause: causesThisSecond.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key,
                                decoded: decodedEnvelope, reference: referenceEnvelope)
    }

    private func position(_ sequence: UInt64, _ seat: Int) -> Int {
        OpusVoiceLoop.position(sequence: sequence, seat: seat, count: reference.count)
    }

    private func stream(_ seat: Int) -> SeatStream? {
        guard seat >= 0 && seat < 256 else { return nil }
        if seat >= seats.count { seats += Array(repeating: nil, count: seat + 1 - seats.count) }
        if let s = seats[seat] { return s }
        guard let decoder = OpusFrameDecoder(frameSamples: reference.frameSamples) else { return nil }
        let s = SeatStream(decoder: decoder, warmUp: Self.warmUpFrames)
        seats[seat] = s
        return s
    }

    /// Scores the frame now in `stream.decoder.pcm` against loop position `p`.
    private func score(_ stream: SeatStream, position p: Int, concealed: Bool, counts: inout AudioCounts) {
        let echo = !concealed && stream.recovering > 0
        if echo { stream.recovering -= 1 }
        // Only audio identified by its waveform is remembered as heard (what `audio:repeated`
        // recalls): not concealed frames, warm-up frames, the source's pauses or frames that
        // matched nothing.
        if stream.warmUp > 0 {
            stream.warmUp -= 1
            return
        }
        let n = reference.frameSamples
        let refStart = p * n
        let (match32, decodedEnergy) = stream.decoder.pcm.withUnsafeBufferPointer { d in
            reference.pcm.withUnsafeBufferPointer { r in
                MismatchClassifier.correlation(d.baseAddress!, r.baseAddress! + refStart, count: n)
            }
        }
        let match = Double(match32)
        appendEnvelope(stream.decoder.pcm, referenceStart: refStart)
        let silenceEnergy = ReferenceAudio.silenceRMS * ReferenceAudio.silenceRMS * Float(n)
        guard !reference.isSilent(p) else { return }
        var heardPosition: Int? = match >= AudioCounts.mismatchBelow && !concealed ? p : nil
        if decodedEnergy < silenceEnergy { counts.silent += 1 }
        counts.scored += 1
        matchSum += match
        scoredThisSecond += 1
        if match < AudioCounts.mismatchBelow {
            counts.mismatched += 1
            if !concealed && !echo {
                let (cause, position) = decodedEnergy < silenceEnergy
                    ? ("audio:silence", p)
                    : stream.decoder.pcm.withUnsafeBufferPointer { classifier.classify($0.baseAddress!, expected: p, heard: stream.heard) }
                counts.causes[cause, default: 0] += 1
                // The frames after a break in the stream's history decode from a disturbed state.
                if cause == "audio:reset" { stream.recovering = 2 }
                causesThisSecond[cause, default: 0] += 1
                if cause != "audio:unknown" && cause != "audio:silence" { heardPosition = position }
            }
        }
        if let heardPosition { stream.remember(heardPosition) }
    }

    /// Two 10 ms blocks per 20 ms frame (one per block of any frame size), bounded per second.
    private func appendEnvelope(_ pcm: [Float], referenceStart: Int) {
        let block = 480
        guard decodedEnvelope.count < AudioWorstSecond.maximumBlocks else { return }
        var start = 0
        while start + block <= reference.frameSamples && decodedEnvelope.count < AudioWorstSecond.maximumBlocks {
            decodedEnvelope.append(AudioWorstSecond.level(rms: (ReferenceAudio.sumOfSquares(pcm, from: start, count: block) / Float(block)).squareRoot()))
            referenceEnvelope.append(AudioWorstSecond.level(rms: (ReferenceAudio.sumOfSquares(reference.pcm, from: referenceStart + start, count: block) / Float(block)).squareRoot()))
            start += block
        }
    }
}
