import COpus

/// libopus' encoder as the built-in speakers use it: mono 48 kHz voice, constant bit rate at
/// `payloadBytes` per frame, and every packet padded to exactly that size (sizes are what the
/// load figures are about; Opus padding is skipped by decoders).
///
/// `OpusVoiceLoop` encodes the loop with one; the audio fault tests use another to send what
/// an edge that resets its encoder would.
public final class VoiceEncoder {
    private let encoder: OpaquePointer
    public let frameSamples: Int
    public let payloadBytes: Int
    private var buffer: [UInt8]

    /// nil when libopus refuses the settings.
    public init?(frameSamples: Int, payloadBytes: Int) {
        var error: Int32 = 0
        guard let e = opus_encoder_create(48_000, 1, OPUS_APPLICATION_VOIP, &error), error == OPUS_OK else { return nil }
        encoder = e
        self.frameSamples = frameSamples
        self.payloadBytes = payloadBytes
        buffer = [UInt8](repeating: 0, count: payloadBytes)
        let bitsPerSecond = Int32(clamping: payloadBytes * 8 * 48_000 / frameSamples)
        guard swarmcast_opus_set_bitrate(e, min(max(bitsPerSecond, 6_000), 510_000)) == OPUS_OK,
              swarmcast_opus_set_vbr(e, 0) == OPUS_OK,
              swarmcast_opus_set_signal_voice(e) == OPUS_OK else { return nil }
    }

    deinit { opus_encoder_destroy(encoder) }

    /// One packet of exactly `payloadBytes` from `frameSamples` samples of `pcm` at `start`.
    public func encode(_ pcm: [Int16], from start: Int) -> [UInt8]? {
        guard start >= 0, start + frameSamples <= pcm.count else { return nil }
        let length = pcm.withUnsafeBufferPointer { samples in
            buffer.withUnsafeMutableBufferPointer { out in
                opus_encode(encoder, samples.baseAddress! + start, Int32(frameSamples), out.baseAddress!, Int32(payloadBytes))
            }
        }
        guard length > 0 else { return nil }
        if Int(length) < payloadBytes {
            let padded = buffer.withUnsafeMutableBufferPointer { opus_packet_pad($0.baseAddress!, length, Int32(payloadBytes)) }
            guard padded == OPUS_OK else { return nil }
        }
        return buffer
    }

    /// Forgets the encoder's history, as an encoder that restarts does.
    public func reset() { _ = swarmcast_opus_encoder_reset(encoder) }
}
