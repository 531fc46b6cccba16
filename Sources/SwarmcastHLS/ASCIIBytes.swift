/// Byte comparisons for the parsers that read HTTP heads, request targets and playlists in place
/// (server and swarm alike): words compared as bytes, never through `String`.
public enum ASCIIBytes {
    /// Whether `prefix` stands in `b` at `at`.
    @inlinable
    public static func hasPrefix(_ b: UnsafeBufferPointer<UInt8>, at: Int, _ prefix: [UInt8]) -> Bool {
        guard at >= 0, at + prefix.count <= b.count else { return false }
        for i in 0..<prefix.count where b[at + i] != prefix[i] { return false }
        return true
    }

    /// Whether the bytes in `r` are exactly `word`.
    @inlinable
    public static func equals(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ word: [UInt8]) -> Bool {
        r.count == word.count && hasPrefix(b, at: r.lowerBound, word)
    }

    /// Whether the bytes in `r` are `lower` (a lowercase word) in any ASCII case.
    @inlinable
    public static func equalsIgnoringCase(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ lower: [UInt8]) -> Bool {
        guard r.count == lower.count else { return false }
        for (i, c) in zip(r, lower) where (b[i] >= 65 && b[i] <= 90 ? b[i] + 32 : b[i]) != c { return false }
        return true
    }

    /// `r` without the spaces and tabs at either end (HTTP's optional whitespace; also around
    /// playlist numbers and attribute names).
    @inlinable
    public static func trimmingBlanks(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi && (b[lo] == 32 || b[lo] == 9) { lo += 1 }
        while hi > lo && (b[hi - 1] == 32 || b[hi - 1] == 9) { hi -= 1 }
        return lo..<hi
    }

    /// Decimal digits only (no sign, no spaces), without overflow; nil otherwise.
    @inlinable
    public static func decimal(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt64? {
        guard !r.isEmpty else { return nil }
        var v: UInt64 = 0
        for i in r {
            guard b[i] >= 48 && b[i] <= 57 else { return nil }
            let (times, o1) = v.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(UInt64(b[i] - 48))
            guard !o1 && !o2 else { return nil }
            v = sum
        }
        return v
    }
}
