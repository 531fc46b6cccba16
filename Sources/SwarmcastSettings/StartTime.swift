import Foundation

/// When a run starts, as people write it: an absolute RFC 3339 UTC time
/// (`2026-11-26T12:00:00Z`, fractions allowed) or an offset from now (`+30s`).
///
/// Shards on several hosts agree on an absolute time; the relative form is for one host and tests.
public enum StartTime {
    /// What is wrong with `text`, or nil when it is a start time.
    public static func problem(_ text: String) -> String? {
        resolve(text, nowEpochNanos: 0) == nil ? "must be an RFC 3339 UTC time such as 2026-11-26T12:00:00Z, or +DURATION such as +30s" : nil
    }

    /// The start as CLOCK_REALTIME nanoseconds, `+D` counted from `nowEpochNanos`; nil when not a start time.
    public static func resolve(_ text: String, nowEpochNanos: UInt64) -> UInt64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("+") {
            guard let d = DurationText.parse(String(t.dropFirst())) else { return nil }
            return nowEpochNanos + UInt64(max(0, d.seconds) * 1e9)
        }
        // UTC only: shards in different time zones must not read the same text differently.
        guard t.hasSuffix("Z") else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var date = formatter.date(from: t)
        if date == nil {
            formatter.formatOptions = [.withInternetDateTime]
            date = formatter.date(from: t)
        }
        guard let date, date.timeIntervalSince1970 > 0 else { return nil }
        // A Double holds seconds since 1970 to about 0.2 µs: round to whole microseconds.
        return UInt64((date.timeIntervalSince1970 * 1e6).rounded()) * 1000
    }

    /// RFC 3339 UTC with milliseconds, for reports.
    public static func format(epochNanos: UInt64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(epochNanos) / 1e9))
    }
}
