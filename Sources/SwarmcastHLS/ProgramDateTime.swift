/// `EXT-X-PROGRAM-DATE-TIME` values: ISO 8601 UTC with milliseconds, to and from CLOCK_REALTIME
/// nanoseconds. Hand-written (days from civil dates, H. Hinnant's algorithm) so that neither
/// writing a playlist nor a listener reading one depends on a locale or allocates a formatter.
public enum ProgramDateTime {
    /// `2026-11-26T11:40:49.123Z`.
    public static func format(nanos: UInt64) -> String {
        let millis = nanos / 1_000_000
        let seconds = Int64(millis / 1000)
        let days = seconds / 86_400
        let rest = seconds % 86_400
        let (y, m, d) = civil(fromDays: days)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3600, 2)):\(pad(rest % 3600 / 60, 2)):\(pad(rest % 60, 2)).\(pad(Int64(millis % 1000), 3))Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff...](Z|±HH:MM|±HHMM)`; nil when it is not one.
    public static func parse(_ text: Substring) -> UInt64? {
        Array(text.utf8).withUnsafeBufferPointer { parse(bytes: $0) }
    }

    /// The same, from bytes in place (the playlist parser's path: no copy, no String).
    public static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> UInt64? {
        func num(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= b.count else { return nil }
            var v: Int64 = 0
            for c in b[from..<from + count] {
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            return v
        }
        guard b.count >= 20, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116, b[13] == 58, b[16] == 58,
              let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2), let s = num(17, 2),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        var i = 19
        var fractionNanos: Int64 = 0
        if i < b.count && b[i] == 46 {
            i += 1
            var scale: Int64 = 100_000_000
            let start = i
            while i < b.count, b[i] >= 48 && b[i] <= 57 {
                fractionNanos += Int64(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        var offsetSeconds: Int64 = 0
        guard i < b.count else { return nil }
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45 {
            let sign: Int64 = b[i] == 45 ? -1 : 1
            guard let oh = num(i + 1, 2) else { return nil }
            var j = i + 3
            if j < b.count && b[j] == 58 { j += 1 }
            guard let om = num(j, 2) else { return nil }
            offsetSeconds = sign * (oh * 3600 + om * 60)
            i = j + 2
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let total = days(fromCivil: y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offsetSeconds
        // Nanoseconds since 1970 fit a UInt64 until the year 2554: a later date (a hostile or
        // broken server's) is not a date we can use, and must not trap on overflow.
        guard total >= 0, total < Int64(UInt64.max / 1_000_000_000) else { return nil }
        return UInt64(total) * 1_000_000_000 + UInt64(fractionNanos)
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
