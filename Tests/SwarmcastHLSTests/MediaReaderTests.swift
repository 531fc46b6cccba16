import SwarmcastHLS
import Testing

/// What decoded listeners read media with: the packets and times the muxers wrote come back.
@Suite struct MediaReaderTests {
    static let info = OpusStreamInfo(samplesPerPacket: 960)
    static let packets: [[UInt8]] = (0..<5).map { n in (0..<(40 + n)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ n) } }

    @Test func fragmentsGiveBackTheirTimeAndPackets() throws {
        let media = FMP4.fragment(sequenceNumber: 3, baseDecodeTime: 960 * 99, packets: Self.packets, info: Self.info)
            + FMP4.fragment(sequenceNumber: 4, baseDecodeTime: 960 * 104, packets: [Self.packets[0]], info: Self.info)
        let fragments = try media.withUnsafeBytes { try FMP4FragmentReader.fragments($0) }
        #expect(fragments.map(\.baseDecodeTime) == [960 * 99, 960 * 104])
        #expect(fragments[0].samples.map { Array(media[$0]) } == Self.packets)
        #expect(fragments[1].samples.map { Array(media[$0]) } == [Self.packets[0]])
    }

    @Test func aTruncatedFragmentIsAnError() {
        let media = Array(FMP4.fragment(sequenceNumber: 3, baseDecodeTime: 0, packets: Self.packets, info: Self.info).dropLast(10))
        #expect(throws: FMP4FragmentReader.ReadError.self) { try media.withUnsafeBytes { try FMP4FragmentReader.fragments($0) } }
    }

    @Test func oggPagesGiveBackGranulesAndPacketsFromAStreamSplitAnywhere() {
        var stream = OggOpusStream(serial: 7, info: Self.info)
        var bytes = Array("HTTP/1.0 200 OK\r\n\r\n".utf8) + stream.headerPages(title: "t")
        for (i, p) in Self.packets.enumerated() { stream.append(packet: p, sequence: UInt64(10 + i)) }
        bytes += stream.takePages() ?? []
        stream.append(packet: Self.packets[1], sequence: 15)
        bytes += stream.takePages() ?? []
        var reader = OggPageReader()
        var got: [(UInt64, [[UInt8]])] = []
        for chunk in stride(from: 0, to: bytes.count, by: 13) {
            bytes[chunk..<min(bytes.count, chunk + 13)].withUnsafeBytes { raw in
                reader.read(raw) { granule, packets in got.append((granule, packets.map { Array($0) })) }
            }
        }
        #expect(got.map(\.0) == [14 * 960, 15 * 960])
        #expect(got[0].1 == Self.packets)
        #expect(got[1].1 == [Self.packets[1]])
    }
}
