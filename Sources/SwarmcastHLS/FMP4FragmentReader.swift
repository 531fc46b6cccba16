/// Reads the audio out of fMP4 media (an HLS segment or LL-HLS part: one or more `moof` + `mdat`
/// fragments), for decoded HLS listeners: each fragment's `tfdt` base decode time and its
/// samples (Opus packets) in order. Only what `FMP4.fragment` and common packagers write is
/// understood (one track, `trun` sample sizes present); anything else is reported as an error.
public enum FMP4FragmentReader {
    public struct Fragment: Equatable, Sendable {
        /// `tfdt`'s base media decode time, in the track's timescale (48 kHz for Opus).
        public var baseDecodeTime: UInt64
        /// Byte ranges of the samples in the media that was read.
        public var samples: [Range<Int>]
    }

    public enum ReadError: Error, Equatable, Sendable { case malformed(String) }

    /// Every fragment of `bytes`, in order.
    public static func fragments(_ bytes: UnsafeRawBufferPointer) throws(ReadError) -> [Fragment] {
        var out: [Fragment] = []
        var offset = 0
        var pending: (moofStart: Int, time: UInt64, sizes: [Int], dataOffset: Int?)?
        while offset + 8 <= bytes.count {
            let size = Int(u32(bytes, offset))
            let type = (bytes[offset + 4], bytes[offset + 5], bytes[offset + 6], bytes[offset + 7])
            guard size >= 8, offset + size <= bytes.count else { throw .malformed("box of \(size) bytes at \(offset)") }
            if type == (0x6D, 0x6F, 0x6F, 0x66) {  // moof
                pending = try readMoof(bytes, from: offset, to: offset + size)
            } else if type == (0x6D, 0x64, 0x61, 0x74), let moof = pending {  // mdat
                var start = moof.dataOffset.map { moof.moofStart + $0 } ?? offset + 8
                var samples: [Range<Int>] = []
                for s in moof.sizes {
                    guard start + s <= offset + size, start >= offset + 8 else { throw .malformed("sample outside mdat") }
                    samples.append(start..<start + s)
                    start += s
                }
                out.append(Fragment(baseDecodeTime: moof.time, samples: samples))
                pending = nil
            }
            offset += size
        }
        return out
    }

    private static func readMoof(_ b: UnsafeRawBufferPointer, from: Int, to end: Int) throws(ReadError) -> (Int, UInt64, [Int], Int?) {
        var time: UInt64?
        var sizes: [Int] = []
        var dataOffset: Int?
        var offset = from + 8
        while offset + 8 <= end {
            let size = Int(u32(b, offset))
            guard size >= 8, offset + size <= end else { throw .malformed("moof child of \(size) bytes") }
            let type = String(decoding: UnsafeRawBufferPointer(rebasing: b[offset + 4..<offset + 8]), as: UTF8.self)
            switch type {
            case "traf":
                offset += 8
                continue
            case "tfdt":
                let version = b[offset + 8]
                time = version == 1 ? u64(b, offset + 12) : UInt64(u32(b, offset + 12))
            case "trun":
                let flags = Int(b[offset + 9]) << 16 | Int(b[offset + 10]) << 8 | Int(b[offset + 11])
                let count = Int(u32(b, offset + 12))
                var r = offset + 16
                if flags & 0x1 != 0 { dataOffset = Int(Int32(bitPattern: u32(b, r))); r += 4 }
                if flags & 0x4 != 0 { r += 4 }
                guard flags & 0x200 != 0 else { throw .malformed("trun without sample sizes") }
                let perSample = [0x100, 0x200, 0x400, 0x800].filter { flags & $0 != 0 }.count * 4
                guard r + count * perSample <= offset + size else { throw .malformed("trun of \(count) samples") }
                for _ in 0..<count {
                    if flags & 0x100 != 0 { r += 4 }
                    sizes.append(Int(u32(b, r)))
                    r += perSample - (flags & 0x100 != 0 ? 4 : 0)
                }
            default:
                break
            }
            offset += size
        }
        guard let time else { throw .malformed("moof without tfdt") }
        return (from, time, sizes, dataOffset)
    }

    static func u32(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    static func u64(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt64 { UInt64(u32(b, at)) << 32 | UInt64(u32(b, at + 4)) }
}
