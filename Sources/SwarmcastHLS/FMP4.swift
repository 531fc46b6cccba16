/// Fragmented MP4 (ISO BMFF / CMAF) for Opus audio: the init segment HLS's `EXT-X-MAP` points
/// at, and one `moof` + `mdat` fragment per LL-HLS part. A segment is its parts' fragments back
/// to back (a CMAF segment of several chunks), so parts and segments share their bytes' layout
/// and are built once. Opus in ISO BMFF follows the "Encapsulation of Opus in ISO Base Media File
/// Format" spec: an `Opus` sample entry with a `dOps` box, 48 kHz timescale.
public enum FMP4 {
    /// The one track's id.
    static let trackID: UInt32 = 1

    /// `ftyp` + `moov` (with `mvex`, so every sample lives in fragments).
    public static func initSegment(_ info: OpusStreamInfo) -> [UInt8] {
        let timescale = UInt32(OpusStreamInfo.sampleRate)
        var ftyp = Array("iso6".utf8)
        ByteWriter.appendBE(UInt32(0), to: &ftyp)
        for brand in ["iso6", "cmfc", "mp41"] { ftyp += Array(brand.utf8) }

        let mvhd = fullBox("mvhd", version: 0, flags: 0, [
            u32(0), u32(0), u32(timescale), u32(0),  // creation, modification, timescale, duration
            u32(0x0001_0000), u16(0x0100), zeros(10), matrix, zeros(24), u32(trackID + 1),
        ].flatMap { $0 })
        let tkhd = fullBox("tkhd", version: 0, flags: 3, [
            u32(0), u32(0), u32(trackID), u32(0), u32(0), zeros(8),
            u16(0), u16(0), u16(0x0100), u16(0), matrix, u32(0), u32(0),
        ].flatMap { $0 })
        let mdhd = fullBox("mdhd", version: 0, flags: 0, [u32(0), u32(0), u32(timescale), u32(0), u16(0x55C4), u16(0)].flatMap { $0 })
        let hdlr = fullBox("hdlr", version: 0, flags: 0, [u32(0), Array("soun".utf8), zeros(12), Array("SoundHandler".utf8), [0]].flatMap { $0 })
        let smhd = fullBox("smhd", version: 0, flags: 0, u16(0) + u16(0))
        let dinf = box("dinf", fullBox("dref", version: 0, flags: 0, u32(1) + fullBox("url ", version: 0, flags: 1, [])))
        let stbl = box("stbl", [
            fullBox("stsd", version: 0, flags: 0, u32(1) + opusSampleEntry(info)),
            fullBox("stts", version: 0, flags: 0, u32(0)),
            fullBox("stsc", version: 0, flags: 0, u32(0)),
            fullBox("stsz", version: 0, flags: 0, u32(0) + u32(0)),
            fullBox("stco", version: 0, flags: 0, u32(0)),
        ].flatMap { $0 })
        let minf = box("minf", smhd + dinf + stbl)
        let trak = box("trak", tkhd + box("mdia", mdhd + hdlr + minf))
        let trex = fullBox("trex", version: 0, flags: 0, [u32(trackID), u32(1), u32(UInt32(info.samplesPerPacket)), u32(0), u32(0)].flatMap { $0 })
        return box("ftyp", ftyp) + box("moov", mvhd + trak + box("mvex", trex))
    }

    /// One fragment: `moof` (`mfhd`, `traf` with `tfhd`, `tfdt`, `trun`) and the `mdat` holding
    /// `packets`, each one sample of `info.samplesPerPacket` samples.
    /// - Parameters:
    ///   - sequenceNumber: the fragment's number (increasing, from 1).
    ///   - baseDecodeTime: the first sample's decode time in 48 kHz units.
    ///   - packets: the Opus packets, one sample each, in decode order.
    ///   - info: the stream's facts (samples per packet), as in the init segment.
    public static func fragment(sequenceNumber: UInt32, baseDecodeTime: UInt64, packets: [[UInt8]], info: OpusStreamInfo) -> [UInt8] {
        let mfhd = fullBox("mfhd", version: 0, flags: 0, u32(sequenceNumber))
        // default-base-is-moof: data offsets count from the moof's first byte.
        let tfhd = fullBox("tfhd", version: 0, flags: 0x02_0000, u32(trackID))
        let tfdt = fullBox("tfdt", version: 1, flags: 0, u64(baseDecodeTime))
        // data-offset, sample-duration and sample-size present.
        let trunSize = 12 + 8 + packets.count * 8
        let moofSize = 8 + mfhd.count + 8 + tfhd.count + tfdt.count + trunSize
        var trunBody = u32(UInt32(packets.count)) + u32(UInt32(moofSize + 8))
        for packet in packets { trunBody += u32(UInt32(info.samplesPerPacket)) + u32(UInt32(packet.count)) }
        let trun = fullBox("trun", version: 0, flags: 0x0301, trunBody)
        let moof = box("moof", mfhd + box("traf", tfhd + tfdt + trun))
        assert(moof.count == moofSize)
        return moof + box("mdat", packets.flatMap { $0 })
    }

    /// AudioSampleEntry `Opus` with its `dOps` (OpusSpecificBox, big-endian unlike OpusHead).
    static func opusSampleEntry(_ info: OpusStreamInfo) -> [UInt8] {
        let dOps = box("dOps", [[0, UInt8(info.channels)], u16(UInt16(info.preSkip)), u32(UInt32(OpusStreamInfo.sampleRate)), u16(0), [0]].flatMap { $0 })
        return box("Opus", [
            zeros(6), u16(1),  // reserved, data_reference_index
            zeros(8), u16(UInt16(info.channels)), u16(16), u16(0), u16(0), u32(UInt32(OpusStreamInfo.sampleRate) << 16),
            dOps,
        ].flatMap { $0 })
    }

    static func box(_ type: String, _ body: [UInt8]) -> [UInt8] { u32(UInt32(8 + body.count)) + Array(type.utf8) + body }
    static func fullBox(_ type: String, version: UInt8, flags: UInt32, _ body: [UInt8]) -> [UInt8] {
        box(type, [version, UInt8(truncatingIfNeeded: flags >> 16), UInt8(truncatingIfNeeded: flags >> 8), UInt8(truncatingIfNeeded: flags)] + body)
    }
    static func u16(_ v: UInt16) -> [UInt8] { var o: [UInt8] = []; ByteWriter.appendBE(v, to: &o); return o }
    static func u32(_ v: UInt32) -> [UInt8] { var o: [UInt8] = []; ByteWriter.appendBE(v, to: &o); return o }
    static func u64(_ v: UInt64) -> [UInt8] { var o: [UInt8] = []; ByteWriter.appendBE(v, to: &o); return o }
    static func zeros(_ n: Int) -> [UInt8] { [UInt8](repeating: 0, count: n) }
    static let matrix: [UInt8] = [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000].flatMap { u32($0) }
}
