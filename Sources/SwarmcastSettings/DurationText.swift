import Foundation
/// Durations as people write them in flags and scenarios: `20ms`, `1.5s`, `2m`, `1h`, `250us`.
public enum DurationText {
    /// Parses a duration, or returns nil when the text is not one.
    public static func parse(_ text: String) -> Duration? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where t.hasSuffix(suffix) {
            let number = t.dropLast(suffix.count)
            // "ms" also ends in "s": only accept when what is left is a number.
            guard let value = Double(number), value >= 0, value.isFinite else { continue }
            return .nanoseconds(Int64((value * scale * 1e9).rounded()))
        }
        return nil
    }

    /// Formats a duration so that `parse` gives it back exactly: the compact form when that is
    /// exact, else whole nanoseconds (`1500us` would round-trip; `1.234567891s` would not).
    public static func exact(_ d: Duration) -> String {
        let text = format(d)
        if let back = parse(text), back == d { return text }
        let (s, atto) = d.components
        return "\(s * 1_000_000_000 + atto / 1_000_000_000)ns"
    }

    /// Formats a duration compactly (`20ms`, `3s`, `1.5s`, `2m`).
    public static func format(_ d: Duration) -> String {
        let seconds = d.seconds
        if seconds >= 60 && seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60))m" }
        if seconds >= 1 { return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s" }
        let ms = seconds * 1000
        if ms >= 1 { return ms == ms.rounded() ? "\(Int(ms))ms" : String(format: "%.3gms", ms) }
        return "\(Int((seconds * 1e6).rounded()))us"
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
