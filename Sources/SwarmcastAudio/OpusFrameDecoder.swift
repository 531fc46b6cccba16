import COpus

/// One Opus stream's decoder (48 kHz mono, float PCM): a thin owner of libopus' `OpusDecoder`.
///
/// Bound to the listener that owns it (never shared across threads), hence not `Sendable`.
public final class OpusFrameDecoder {
    private let decoder: OpaquePointer
    /// Samples per frame (960 for 20 ms), the size `conceal()` produces.
    public let frameSamples: Int
    /// The last frame decoded or concealed.
    public private(set) var pcm: [Float]

    /// nil when libopus cannot make a decoder (out of memory).
    public init?(frameSamples: Int) {
        var error: Int32 = 0
        guard let d = opus_decoder_create(48_000, 1, &error), error == OPUS_OK else { return nil }
        decoder = d
        self.frameSamples = frameSamples
        // Room for the longest Opus packet (120 ms) so that a packet of another size still decodes.
        pcm = [Float](repeating: 0, count: max(frameSamples, 5_760))
    }

    deinit { opus_decoder_destroy(decoder) }

    /// Decodes one packet into `pcm`; returns the samples decoded, or nil when libopus refused it
    /// (a corrupt packet).
    public func decode(_ packet: UnsafeRawBufferPointer) -> Int? {
        guard let base = packet.baseAddress, !packet.isEmpty else { return nil }
        let n = pcm.withUnsafeMutableBufferPointer { out in
            opus_decode_float(decoder, base.assumingMemoryBound(to: UInt8.self), Int32(packet.count), out.baseAddress!, Int32(out.count), 0)
        }
        return n > 0 ? Int(n) : nil
    }

    /// Packet loss concealment for one lost frame (`opus_decode` with no data), into `pcm`.
    public func conceal() -> Int {
        let n = pcm.withUnsafeMutableBufferPointer { out in
            opus_decode_float(decoder, nil, 0, out.baseAddress!, Int32(frameSamples), 0)
        }
        return max(0, Int(n))
    }

    /// Forgets the stream's history (a listener that rejoins far from where it left).
    public func reset() { _ = swarmcast_opus_decoder_reset(decoder) }
}
