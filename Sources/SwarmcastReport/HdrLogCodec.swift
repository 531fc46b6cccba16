import Histogram
import SwarmcastMeasure
import CZlib
import Foundation

/// HdrHistogram's V2 encoding (the one its Java, C, Go, Python and Rust ports read), compressed
/// with zlib as in interval logs: big-endian header, then counts as ZigZag LEB128 varints with
/// runs of zeros written as one negative number.
public enum HdrLogCodec {
    static let encodingCookie: Int32 = 0x1C84_9303
    static let compressedCookie: Int32 = 0x1C84_9304

    /// The counts array of a latency histogram, index by index.
    static func counts(of h: LatencyHistogram) -> [UInt64] {
        var out: [UInt64] = []
        for v in h.allValues() { out.append(v.count) }
        return out
    }

    /// Uncompressed V2 bytes.
    public static func encode(_ h: LatencyHistogram) -> [UInt8] {
        let counts = counts(of: h)
        let last = counts.lastIndex(where: { $0 != 0 }) ?? -1
        var payload: [UInt8] = []
        var i = 0
        while i <= last {
            if counts[i] == 0 {
                var zeros = 0
                while i <= last && counts[i] == 0 { zeros += 1; i += 1 }
                appendZigZag(-Int64(zeros), to: &payload)
            } else {
                appendZigZag(Int64(counts[i]), to: &payload)
                i += 1
            }
        }
        var out: [UInt8] = []
        append(encodingCookie, to: &out)
        append(Int32(payload.count), to: &out)
        append(Int32(0), to: &out)  // normalizing index offset
        append(Int32(h.numberOfSignificantValueDigits.rawValue), to: &out)
        append(Int64(h.lowestDiscernibleValue), to: &out)
        append(Int64(h.highestTrackableValue), to: &out)
        append(Double(1.0).bitPattern, to: &out)  // integer-to-double conversion ratio
        return out + payload
    }

    /// Compressed V2 bytes, as interval logs carry them (base64 of this).
    public static func encodeCompressed(_ h: LatencyHistogram) -> [UInt8] {
        let raw = encode(h)
        var destLength = compressBound(uLong(raw.count))
        var dest = [UInt8](repeating: 0, count: Int(destLength))
        _ = compress2(&dest, &destLength, raw, uLong(raw.count), 9)
        var out: [UInt8] = []
        append(compressedCookie, to: &out)
        append(Int32(destLength), to: &out)
        return out + dest.prefix(Int(destLength))
    }

    /// Decodes compressed V2 bytes into a latency histogram.
    public static func decodeCompressed(_ bytes: [UInt8]) throws -> LatencyHistogram {
        guard bytes.count >= 8, readInt32(bytes, 0) == compressedCookie else { throw ReportError.badHistogram("not a compressed V2 histogram") }
        let length = Int(readInt32(bytes, 4))
        guard length >= 0, bytes.count >= 8 + length else { throw ReportError.badHistogram("truncated") }
        var destLength = uLong(64 * 1024 * 1024)
        var dest = [UInt8](repeating: 0, count: 1 << 20)
        var rc: Int32 = Z_BUF_ERROR
        while rc == Z_BUF_ERROR && dest.count <= 64 << 20 {
            destLength = uLong(dest.count)
            rc = Array(bytes[8..<8 + length]).withUnsafeBufferPointer { src in
                uncompress(&dest, &destLength, src.baseAddress, uLong(length))
            }
            if rc == Z_BUF_ERROR { dest = [UInt8](repeating: 0, count: dest.count * 4) }
        }
        guard rc == Z_OK else { throw ReportError.badHistogram("zlib error \(rc)") }
        return try decode(Array(dest.prefix(Int(destLength))))
    }

    /// Decodes uncompressed V2 bytes.
    public static func decode(_ bytes: [UInt8]) throws -> LatencyHistogram {
        guard bytes.count >= 40, readInt32(bytes, 0) == encodingCookie else { throw ReportError.badHistogram("not a V2 histogram") }
        let payloadLength = Int(readInt32(bytes, 4))
        guard bytes.count >= 40 + payloadLength else { throw ReportError.badHistogram("truncated payload") }
        var h = LatencyHistogram.latency()
        // The value each counts index stands for, taken from an empty histogram of the same layout.
        var indexValues: [UInt64] = []
        for v in h.allValues() { indexValues.append(v.value) }
        var index = 0
        var offset = 40
        let end = 40 + payloadLength
        while offset < end {
            let value = try readZigZag(bytes, &offset, end)
            if value < 0 {
                index += Int(-value)
            } else {
                guard index < indexValues.count else { throw ReportError.badHistogram("index out of range") }
                if value > 0 { _ = h.record(indexValues[index], count: UInt64(value)) }
                index += 1
            }
        }
        return h
    }

    private static func append<T: FixedWidthInteger>(_ v: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.bigEndian) { out.append(contentsOf: $0) }
    }

    private static func readInt32(_ b: [UInt8], _ i: Int) -> Int32 {
        Int32(bitPattern: UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3]))
    }

    private static func appendZigZag(_ value: Int64, to out: inout [UInt8]) {
        var v = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private static func readZigZag(_ b: [UInt8], _ offset: inout Int, _ end: Int) throws -> Int64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end, shift < 64 else { throw ReportError.badHistogram("bad varint") }
            let byte = b[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return Int64(bitPattern: result >> 1) ^ -Int64(bitPattern: result & 1)
    }
}
