import SwarmcastAudio
import SwarmcastSettings

/// What a broken edge sends instead of the built-in speakers' frames, with every sequence number
/// and timestamp right: the faults only decoded listeners can hear.
public enum AudioFault: Sendable, Equatable {
    /// The loop as the server plays it.
    case none
    /// From `from`, every `every`-th frame comes from an encoder that was just reset.
    case encoderReset(from: UInt64, every: UInt64)
    /// Frames `range` carry seat `seat`'s audio instead of their own.
    case wrongSeat(ClosedRange<UInt64>, seat: Int)
    /// Frames `range` carry the audio of `frames` frames earlier again (a segment served twice).
    case repeated(ClosedRange<UInt64>, frames: UInt64)
    /// Frames `range` carry the audio of `frames` frames later (a segment whose time is wrong).
    case wrongTime(ClosedRange<UInt64>, frames: UInt64)
}

/// Makes the packets of a (possibly faulty) stream from the same loop the server plays.
public final class AudioFaultSource {
    public let loop: OpusVoiceLoop
    public let fault: AudioFault
    private let pcm = VoiceSignal.loopSamples()
    private let encoder: VoiceEncoder?
    private let frameSamples: Int

    public init(audio: AudioSettings = AudioSettings(), fault: AudioFault) {
        loop = OpusVoiceLoop(audio: audio)
        self.fault = fault
        frameSamples = OpusVoiceLoop.frameSamples(audio: audio) ?? 960
        encoder = VoiceEncoder(frameSamples: frameSamples, payloadBytes: audio.payloadBytes)
    }

    /// The payload seat `seat` sends as frame `sequence`.
    public func packet(sequence: UInt64, seat: Int) -> [UInt8] {
        switch fault {
        case .none:
            break
        case .encoderReset(let from, let every) where sequence >= from && (sequence - from) % every == 0:
            let p = OpusVoiceLoop.position(sequence: sequence, seat: seat, count: loop.packets.count)
            encoder?.reset()
            if let fresh = encoder?.encode(pcm, from: p * frameSamples) { return fresh }
        case .wrongSeat(let range, let other) where range.contains(sequence):
            return loop.packet(sequence: sequence, seat: other)
        case .repeated(let range, let frames) where range.contains(sequence) && sequence > frames:
            return loop.packet(sequence: sequence - frames, seat: seat)
        case .wrongTime(let range, let frames) where range.contains(sequence):
            return loop.packet(sequence: sequence + frames, seat: seat)
        default:
            break
        }
        return loop.packet(sequence: sequence, seat: seat)
    }
}
