import SwarmcastHLS
import Testing

/// The Ogg pager: pages a player accepts, numbered so that every joiner sees one unbroken stream.
@Suite struct OggOpusStreamTests {
    /// Reads a page's header fields back.
    struct PageView {
        let flags: UInt8, granule: UInt64, serial: UInt32, sequence: UInt32, crc: UInt32, segments: [UInt8], length: Int
        init(_ b: [UInt8], at o: Int = 0) {
            func le<T: FixedWidthInteger>(_ at: Int, _: T.Type) -> T {
                (0..<MemoryLayout<T>.size).reduce(T(0)) { $0 | T(b[o + at + $1]) << ($1 * 8) }
            }
            flags = b[o + 5]
            granule = le(6, UInt64.self)
            serial = le(14, UInt32.self)
            sequence = le(18, UInt32.self)
            crc = le(22, UInt32.self)
            segments = Array(b[(o + 27)..<(o + 27 + Int(b[o + 26]))])
            length = 27 + segments.count + segments.reduce(0) { $0 + Int($1) }
        }
    }

    @Test func aPageCarriesItsPacketsAndAValidChecksum() {
        let packets: [ArraySlice<UInt8>] = [Array(repeating: 7, count: 80)[...], Array(repeating: 9, count: 300)[...]]
        let page = OggPage.build(serial: 42, sequence: 5, granule: 1920, packets: packets)
        let view = PageView(page)
        #expect(Array(page.prefix(4)) == Array("OggS".utf8))
        #expect(view.segments == [80, 255, 45])
        #expect(view.length == page.count)
        #expect(view.granule == 1920 && view.serial == 42 && view.sequence == 5)
        var zeroed = page
        zeroed.replaceSubrange(22..<26, with: [0, 0, 0, 0])
        #expect(OggCRC.checksum(zeroed) == view.crc)
    }

    @Test func theCRCIsOggsNotZlibs() {
        // "123456789" under CRC-32/MPEG-2 without the final inversion (init 0): 0x89A1897F.
        #expect(OggCRC.checksum(Array("123456789".utf8)) == 0x89A1_897F)
    }

    @Test func joinersGetHeaderPagesNumberedJustBeforeTheNextSharedPage() throws {
        var stream = OggOpusStream(serial: 1, info: OpusStreamInfo(samplesPerPacket: 960))
        for s in 1...3 { stream.append(packet: Array(repeating: UInt8(s), count: 80), sequence: UInt64(s)) }
        let taken = stream.takePages()
        let first = try #require(taken)
        #expect(PageView(first).sequence == 2 && PageView(first).granule == 3 * 960)
        let headers = stream.headerPages(title: "room 1")
        let head = PageView(headers)
        let tags = PageView(headers, at: head.length)
        #expect(head.flags == OggPage.beginningOfStream && head.sequence == 1 && head.granule == 0)
        #expect(tags.sequence == 2 && tags.granule == 0)
        #expect(Array(headers[28..<36]) == Array("OpusHead".utf8))
        stream.append(packet: Array(repeating: 4, count: 80), sequence: 4)
        let taken2 = stream.takePages()
        let next = try #require(taken2)
        #expect(PageView(next).sequence == 3 && PageView(next).granule == 4 * 960)
        let none = stream.takePages()
        #expect(none == nil)
    }

    @Test func longPacketRunsSplitIntoPagesOfAtMost255Segments() throws {
        var stream = OggOpusStream(serial: 1, info: OpusStreamInfo(samplesPerPacket: 960))
        for s in 1...300 { stream.append(packet: Array(repeating: 1, count: 80), sequence: UInt64(s)) }
        let taken = stream.takePages()
        let pages = try #require(taken)
        let first = PageView(pages)
        let second = PageView(pages, at: first.length)
        #expect(first.segments.count == 255 && second.segments.count == 45)
        #expect(first.length + second.length == pages.count)
        #expect(second.sequence == first.sequence + 1 && second.granule == 300 * 960)
    }

    @Test func opusHeadFollowsRFC7845() {
        let head = OpusStreamInfo(samplesPerPacket: 960).opusHead
        #expect(head.count == 19)
        #expect(head[8] == 1 && head[9] == 1)
        #expect(UInt16(head[10]) | UInt16(head[11]) << 8 == 312)
    }
}
