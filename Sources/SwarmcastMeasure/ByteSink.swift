/// Appends the binary snapshot format's primitives (LEB128 varints, zigzag, fixed little-endian)
/// to one growing buffer, so encoding a snapshot allocates once or twice, not per value.
struct ByteSink {
    var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// A signed value, zigzag-coded so small negatives stay small.
    mutating func signed(_ value: Int) {
        let v = Int64(value)
        varint(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }

    /// A count (never negative in a healthy agent; clamped rather than trusted).
    mutating func count(_ value: Int) { varint(UInt64(Swift.max(0, value))) }

    mutating func fixed32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func fixed64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        varint(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// A string-keyed tally, keys sorted so equal tallies encode equally.
    mutating func tally(_ map: [String: Int]) {
        varint(UInt64(map.count))
        for key in map.keys.sorted() {
            string(key)
            count(map[key]!)
        }
    }

    /// Buckets as (value delta from the previous bucket, count): ascending values keep deltas small.
    mutating func sparse(_ counts: SparseCounts) {
        varint(UInt64(counts.bucketCount))
        var previous: UInt64 = 0
        counts.forEach { value, n in
            varint(value &- previous)
            varint(n)
            previous = value
        }
    }
}
