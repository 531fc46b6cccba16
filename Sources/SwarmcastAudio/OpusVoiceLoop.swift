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
public struct OpusVoiceLoop: Sendable {
    public let packets: [[UInt8]]
    public let isOpus: Bool

    /// A loop of ready packets (no encoding), e.g. an empty one where nobody speaks.
    public init(packets: [[UInt8]], isOpus: Bool = false) {
        self.packets = packets
        self.isOpus = isOpus
    }

    public init(audio: AudioSettings) {
        let bytes = audio.payloadBytes
        if let frameSamples = Self.frameSamples(audio: audio), let packets = Self.encode(frameSamples: frameSamples, payloadBytes: bytes) {
            self.packets = packets
            isOpus = true
        } else {
            packets = [(0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }]
            isOpus = false
        }
    }

    /// The packet for a speaker's frame: each seat starts at its own place in the loop so that
    /// several speakers do not talk in unison.
    public func packet(sequence: UInt64, seat: Int) -> [UInt8] {
        packets[Self.position(sequence: sequence, seat: seat, count: packets.count)]
    }

    /// Seats' offsets are this many frames apart in the loop.
    public static let seatStride = 37

    /// Where in a loop of `count` packets a seat's frame `sequence` is: the one rule the built-in
    /// speakers play by and decoded listeners score by.
    @inline(__always)
    public static func position(sequence: UInt64, seat: Int, count: Int) -> Int {
        Int((sequence &+ UInt64(seat) &* UInt64(seatStride)) % UInt64(count))
    }

    /// Samples per frame at 48 kHz for these settings when Opus can carry them, else nil.
    public static func frameSamples(audio: AudioSettings) -> Int? {
        let (seconds, atto) = audio.frameInterval.components
        let nanos = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, atto) / 1_000_000_000)
        let samples = Int(nanos * 48 / 1_000_000)
        guard [120, 240, 480, 960, 1920, 2880].contains(samples), UInt64(samples) * 1_000_000 / 48 == nanos,
              (3...1275).contains(audio.payloadBytes) else { return nil }
        return samples
    }

    /// The encoder's lookahead (pre-skip), for the test that pins `OpusStreamInfo.standardPreSkip`.
    public static func encoderLookahead() -> Int? {
        var error: Int32 = 0
        guard let encoder = opus_encoder_create(48_000, 1, OPUS_APPLICATION_VOIP, &error), error == OPUS_OK else { return nil }
        defer { opus_encoder_destroy(encoder) }
        var lookahead: Int32 = 0
        return swarmcast_opus_get_lookahead(encoder, &lookahead) == OPUS_OK ? Int(lookahead) : nil
    }

    private static func encode(frameSamples: Int, payloadBytes: Int) -> [[UInt8]]? {
        guard let encoder = VoiceEncoder(frameSamples: frameSamples, payloadBytes: payloadBytes) else { return nil }
        let pcm = VoiceSignal.loopSamples()
        var packets: [[UInt8]] = []
        for start in stride(from: 0, to: pcm.count - frameSamples + 1, by: frameSamples) {
            guard let packet = encoder.encode(pcm, from: start) else { return nil }
            packets.append(packet)
        }
        return packets.isEmpty ? nil : packets
    }
}
