import SwarmcastHLS
import Testing

/// The fMP4 boxes: sizes that add up, the Opus sample entry, and fragment offsets that point at the data.
@Suite struct FMP4Tests {
    /// Top-level boxes as (type, offset, size).
    static func boxes(_ b: [UInt8], from: Int = 0, to: Int? = nil) -> [(String, Int, Int)] {
        var out: [(String, Int, Int)] = []
        var o = from
        let end = to ?? b.count
        while o + 8 <= end {
            let size = Int(b[o]) << 24 | Int(b[o + 1]) << 16 | Int(b[o + 2]) << 8 | Int(b[o + 3])
            guard size >= 8, o + size <= end else { return out + [("bad", o, size)] }
            out.append((String(decoding: b[(o + 4)..<(o + 8)], as: UTF8.self), o, size))
            o += size
        }
        return out
    }

    static func contains(_ b: [UInt8], _ type: String) -> Bool {
        let t = Array(type.utf8)
        return (0..<(b.count - 3)).contains { Array(b[$0..<$0 + 4]) == t }
    }

    @Test func theInitSegmentIsFtypAndMoovWithAnOpusEntry() {
        let initSegment = FMP4.initSegment(OpusStreamInfo(samplesPerPacket: 960))
        #expect(Self.boxes(initSegment).map(\.0) == ["ftyp", "moov"])
        for type in ["mvhd", "trak", "tkhd", "mdhd", "hdlr", "soun", "smhd", "stsd", "Opus", "dOps", "mvex", "trex"] {
            #expect(Self.contains(initSegment, type), "\(type)")
        }
    }

    @Test func aFragmentsDataOffsetPointsAtItsFirstPacket() {
        let packets: [[UInt8]] = [[0xAA, 1, 2], [0xBB, 3], [0xCC]]
        let fragment = FMP4.fragment(sequenceNumber: 9, baseDecodeTime: 96_000, packets: packets, info: OpusStreamInfo(samplesPerPacket: 960))
        let top = Self.boxes(fragment)
        #expect(top.map(\.0) == ["moof", "mdat"])
        let moofSize = top[0].2
        #expect(Array(fragment[(moofSize + 8)...]) == packets.flatMap { $0 })
        // trun: after its 8-byte header, version/flags (4), sample count (4), data offset (4).
        let trun = (0..<(fragment.count - 4)).first { Array(fragment[$0..<$0 + 4]) == Array("trun".utf8) }! - 4
        let offset = (0..<4).reduce(0) { $0 << 8 | Int(fragment[trun + 16 + $1]) }
        #expect(offset == moofSize + 8)
        #expect(fragment[trun + 15] == 3)
    }
}
