import SwarmcastAudio
import SwarmcastHLS
import SwarmcastMeasure
import SwarmcastSettings
import SwarmcastWire

/// A decoded listener's demultiplexer: finds the Opus packets, their sequence numbers and seats
/// in what the listener receives, whatever the protocol, and hands them to its `DecodedListener`.
///
/// It reads the bytes a second time with parsers of its own (native frames with payloads, HTTP
/// chunks with payloads, Ogg pages) or takes HLS media bodies, so the undecoded listeners' path
/// is unchanged: `ListenerClient` pays one nil check per read for it.
final class ListenerEars {
    enum Demux {
        case native(FrameDecoder)
        case chunks(HTTPAudioChunk.Parser)
        case ogg(OggPageReader)
        /// HLS media arrives whole (`hearMedia`).
        case media
        /// The stream could not be read (a protocol error the listener itself reports).
        case deaf
    }

    let decoded: DecodedListener
    private unowned(unsafe) let measurements: AgentMeasurements
    private let listenerProtocol: ListenerProtocol
    private let oggPath: Bool
    private var demux: Demux = .deaf
    /// HTTP chunks carry no seat: a server writes every seat's frame of one sequence number in
    /// seat order, so the k-th chunk in a row with the same sequence is seat k's.
    private var chunkSequence: UInt64 = 0
    private var chunkSeat = 0
    /// The listener left: closed at the next second, then dropped by `AgentAudio`.
    var ended = false

    init(decoded: DecodedListener, measurements: AgentMeasurements, listenerProtocol: ListenerProtocol, httpPath: String) {
        self.decoded = decoded
        self.measurements = measurements
        self.listenerProtocol = listenerProtocol
        oggPath = httpPath.hasSuffix(".opus")
        restart()
    }

    /// A new connection: a new stream to demultiplex (the decoders keep their place, so audio
    /// missed while reconnecting is concealed or, after a long gap, the decoder starts over).
    func restart() {
        switch listenerProtocol {
        case .native: demux = .native(FrameDecoder(maximumFrameBytes: 1 << 20, keepsAudioPayload: true))
        case .httpAudio: demux = oggPath ? .ogg(OggPageReader()) : .chunks(HTTPAudioChunk.Parser())
        case .hls, .llHLS: demux = .media
        }
    }

    /// Bytes as read from a native or HTTP listener's connection.
    func hear(_ bytes: UnsafeRawBufferPointer) {
        let frameSamples = UInt64(decoded.reference.frameSamples)
        measurements.hearingAudio { counts in
            switch demux {
            case .native(var decoder):
                demux = .deaf
                do {
                    try decoder.decode(bytes) { frame in
                        guard case .audio(let a) = frame else { return }
                        a.payload.withUnsafeBytes { decoded.receive($0, sequence: a.sequence, seat: Int(a.speaker), counts: &counts) }
                    }
                    demux = .native(decoder)
                } catch {}
            case .chunks(var parser):
                demux = .deaf
                parser.parse(bytes) { header, payload in
                    chunkSeat = header.sequence == chunkSequence ? chunkSeat + 1 : 0
                    chunkSequence = header.sequence
                    decoded.receive(payload, sequence: header.sequence, seat: chunkSeat, counts: &counts)
                }
                demux = .chunks(parser)
            case .ogg(var reader):
                demux = .deaf
                // A page's granule is the end of its last frame: frame s ends at s × samples.
                reader.read(bytes) { granule, packets in
                    let last = granule / frameSamples
                    guard last >= UInt64(packets.count) else { return }
                    for (k, p) in packets.enumerated() { decoded.receive(p, sequence: last - UInt64(packets.count - 1 - k), seat: 0, counts: &counts) }
                }
                demux = .ogg(reader)
            case .media, .deaf:
                break
            }
        }
    }

    /// An HLS segment or part as received: its fragments' `tfdt` says which frames they are
    /// (frame s, counted from 1, starts at (s − 1) × samples), as the segmenter writes it.
    func hearMedia(_ body: [UInt8]) {
        guard case .media = demux else { return }
        let frameSamples = UInt64(decoded.reference.frameSamples)
        body.withUnsafeBytes { raw in
            guard let fragments = try? FMP4FragmentReader.fragments(raw) else {
                return measurements.hearingAudio { $0.causes["audio:unreadable-media", default: 0] += 1 }
            }
            measurements.hearingAudio { counts in
                for f in fragments {
                    let first = f.baseDecodeTime / frameSamples + 1
                    for (k, range) in f.samples.enumerated() {
                        decoded.receive(UnsafeRawBufferPointer(rebasing: raw[range]), sequence: first + UInt64(k), seat: 0, counts: &counts)
                    }
                }
            }
        }
    }
}
