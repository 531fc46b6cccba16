/// Reads the binary snapshot format's primitives from untrusted bytes: every read is bounds
/// checked and throws instead of trapping, so a corrupt record is reported, never a crash.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        offset = 0
    }

    var remaining: Int { bytes.count - offset }

    mutating func byte() throws(SnapshotDecodingError) -> UInt8 {
        guard offset < bytes.count else { throw .corrupt("record ends inside a value") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func varint() throws(SnapshotDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw .corrupt("varint longer than 10 bytes") }
            result |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    mutating func signed() throws(SnapshotDecodingError) -> Int {
        let z = try varint()
        return Int(truncatingIfNeeded: Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
    }

    mutating func count() throws(SnapshotDecodingError) -> Int {
        let v = try varint()
        guard v <= UInt64(Int.max) else { throw .corrupt("count out of range") }
        return Int(v)
    }

    mutating func fixed64() throws(SnapshotDecodingError) -> UInt64 {
        guard remaining >= 8 else { throw .corrupt("record ends inside a value") }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << UInt64(8 * i) }
        offset += 8
        return v
    }

    mutating func string() throws(SnapshotDecodingError) -> String {
        let length = try count()
        guard length <= remaining else { throw .corrupt("text longer than the record") }
        defer { offset += length }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
    }

    mutating func tally() throws(SnapshotDecodingError) -> [String: Int] {
        let n = try count()
        // Each entry takes at least two bytes: a bound that stops a huge claimed count early.
        guard n <= remaining / 2 else { throw .corrupt("tally longer than the record") }
        var out: [String: Int] = [:]
        out.reserveCapacity(n)
        for _ in 0..<n {
            let key = try string()
            out[key] = try count()
        }
        return out
    }

    mutating func sparse() throws(SnapshotDecodingError) -> SparseCounts {
        let n = try count()
        guard n <= remaining / 2 else { throw .corrupt("histogram longer than the record") }
        var storage: [UInt64] = []
        storage.reserveCapacity(n * 2)
        var value: UInt64 = 0
        for i in 0..<n {
            let delta = try varint()
            guard i == 0 || delta > 0 else { throw .corrupt("histogram values not ascending") }
            let (next, overflow) = value.addingReportingOverflow(delta)
            guard !overflow else { throw .corrupt("histogram value overflows") }
            value = next
            storage.append(value)
            storage.append(try varint())
        }
        return SparseCounts(storage: storage)
    }
}
