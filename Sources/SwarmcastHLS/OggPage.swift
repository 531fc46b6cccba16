/// One Ogg page (RFC 3533): the container Ogg/Opus streams (`listen.opus`) are made of.
///
/// Pages are built once per room and shared by every listener, so building one is allowed to
/// cost a CRC over its bytes; nothing here is per listener.
public enum OggPage {
    /// Header type flags.
    public static let continued: UInt8 = 0x01
    public static let beginningOfStream: UInt8 = 0x02
    public static let endOfStream: UInt8 = 0x04
    /// Largest number of lacing values (segments) one page may hold.
    public static let maximumSegments = 255

    /// A page holding whole `packets` (each must fit: at most 255 lacing values in all).
    /// - Parameters:
    ///   - serial: the logical stream's serial number.
    ///   - sequence: the page's sequence number in its stream.
    ///   - granule: the granule position after the last packet that ends on this page.
    ///   - flags: header type flags (continued, first, last page).
    ///   - packets: the whole packets the page carries.
    public static func build(serial: UInt32, sequence: UInt32, granule: UInt64, flags: UInt8 = 0, packets: [ArraySlice<UInt8>]) -> [UInt8] {
        var lacing: [UInt8] = []
        for packet in packets {
            var left = packet.count
            while left >= 255 { lacing.append(255); left -= 255 }
            lacing.append(UInt8(left))
        }
        precondition(lacing.count <= maximumSegments, "an Ogg page holds at most 255 segments")
        var page: [UInt8] = Array("OggS".utf8)
        page.reserveCapacity(27 + lacing.count + packets.reduce(0) { $0 + $1.count })
        page.append(0)  // version
        page.append(flags)
        ByteWriter.appendLE(granule, to: &page)
        ByteWriter.appendLE(serial, to: &page)
        ByteWriter.appendLE(sequence, to: &page)
        ByteWriter.appendLE(UInt32(0), to: &page)  // CRC, filled below
        page.append(UInt8(lacing.count))
        page += lacing
        for packet in packets { page += packet }
        let crc = OggCRC.checksum(page)
        page[22] = UInt8(truncatingIfNeeded: crc)
        page[23] = UInt8(truncatingIfNeeded: crc >> 8)
        page[24] = UInt8(truncatingIfNeeded: crc >> 16)
        page[25] = UInt8(truncatingIfNeeded: crc >> 24)
        return page
    }

    /// Lacing values a packet of `bytes` needs.
    public static func segments(forPacketOf bytes: Int) -> Int { bytes / 255 + 1 }
}

/// Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, initial value 0, no final XOR (unlike zlib's).
public enum OggCRC {
    private static let table: [UInt32] = (0..<256).map { i in
        var r = UInt32(i) << 24
        for _ in 0..<8 { r = r & 0x8000_0000 != 0 ? (r << 1) ^ 0x04C1_1DB7 : r << 1 }
        return r
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0
        for b in bytes { crc = (crc << 8) ^ table[Int((crc >> 24) ^ UInt32(b))] }
        return crc
    }
}

/// Little- and big-endian appends, for the containers (Ogg is little-endian, MP4 big-endian).
public enum ByteWriter {
    public static func appendLE<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    public static func appendBE<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
    }
}
