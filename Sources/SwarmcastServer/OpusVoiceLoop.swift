import COpus
import SwarmcastSettings

/// The built-in speakers' audio: `VoiceSignal` encoded once with libopus into a loop of packets,
/// which every room and seat then replays. Encoding once per process (4 s = 200 packets of 20 ms,
/// a few milliseconds at start-up) instead of once per frame per room costs nothing at run time
/// and gives every listener real, playable Opus.
///
/// The frames must keep exactly `payload_bytes` bytes, because sizes are what the load figures
/// are about. So the encoder runs in constant bit rate (`OPUS_SET_VBR(0)`) at
/// `payload_bytes × 8 / frame_interval` bit/s with `payload_bytes` as the output limit, and a
/// packet that still comes out shorter (libopus may, e.g. for silence) is grown to the exact size
/// with `opus_packet_pad`, which adds Opus padding a decoder skips. Settings Opus cannot encode
/// (frame intervals other than 2.5/5/10/20/40/60 ms, frames under 3 or over 1275 bytes) keep the
/// old synthetic pattern, which is not audio: `packets` is then one repeated pattern and
/// `isOpus` false.
struct OpusVoiceLoop {
    let packets: [[UInt8]]
    let isOpus: Bool

    /// A loop of ready packets (no encoding), e.g. an empty one where nobody speaks.
    init(packets: [[UInt8]], isOpus: Bool = false) {
        self.packets = packets
        self.isOpus = isOpus
    }

    init(audio: AudioSettings) {
        let bytes = audio.payloadBytes
        let frameSamples = Int(audio.frameInterval.nanosecondsValue * 48 / 1_000_000)
        if [120, 240, 480, 960, 1920, 2880].contains(frameSamples), UInt64(frameSamples) * 1_000_000 / 48 == audio.frameInterval.nanosecondsValue,
           (3...1275).contains(bytes), let packets = Self.encode(frameSamples: frameSamples, payloadBytes: bytes) {
            self.packets = packets
            isOpus = true
        } else {
            packets = [(0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }]
            isOpus = false
        }
    }

    /// The packet for a speaker's frame: each seat starts at its own place in the loop so that
    /// several speakers do not talk in unison.
    func packet(sequence: UInt64, seat: Int) -> [UInt8] {
        packets[Int((sequence &+ UInt64(seat) &* 37) % UInt64(packets.count))]
    }

    /// The encoder's lookahead (pre-skip), for the test that pins `OpusStreamInfo.standardPreSkip`.
    static func encoderLookahead() -> Int? {
        var error: Int32 = 0
        guard let encoder = opus_encoder_create(48_000, 1, OPUS_APPLICATION_VOIP, &error), error == OPUS_OK else { return nil }
        defer { opus_encoder_destroy(encoder) }
        var lookahead: Int32 = 0
        return swarmcast_opus_get_lookahead(encoder, &lookahead) == OPUS_OK ? Int(lookahead) : nil
    }

    private static func encode(frameSamples: Int, payloadBytes: Int) -> [[UInt8]]? {
        var error: Int32 = 0
        guard let encoder = opus_encoder_create(48_000, 1, OPUS_APPLICATION_VOIP, &error), error == OPUS_OK else { return nil }
        defer { opus_encoder_destroy(encoder) }
        let bitsPerSecond = Int32(clamping: payloadBytes * 8 * 48_000 / frameSamples)
        guard swarmcast_opus_set_bitrate(encoder, min(max(bitsPerSecond, 6_000), 510_000)) == OPUS_OK,
              swarmcast_opus_set_vbr(encoder, 0) == OPUS_OK,
              swarmcast_opus_set_signal_voice(encoder) == OPUS_OK else { return nil }
        let pcm = VoiceSignal.loopSamples()
        var packets: [[UInt8]] = []
        var buffer = [UInt8](repeating: 0, count: payloadBytes)
        for start in stride(from: 0, to: pcm.count - frameSamples + 1, by: frameSamples) {
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
            packets.append(buffer)
        }
        return packets.isEmpty ? nil : packets
    }
}
