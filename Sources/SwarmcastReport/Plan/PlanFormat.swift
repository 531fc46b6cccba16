import Foundation

/// How plan figures are written for people: grouped thousands, GiB, trimmed decimals. One place,
/// so the text output, the scenario header and docs/plan.md read the same.
public enum PlanFormat {
    /// `8,000,000`; fractions below 100 keep one decimal (`33.3`).
    public static func count(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        if abs(x) < 100 && x != x.rounded() { return String(format: "%.1f", x) }
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        formatter.usesGroupingSeparator = true
        formatter.maximumFractionDigits = 0
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: NSNumber(value: x.rounded())) ?? String(Int(x.rounded()))
    }

    /// Bytes in GiB (or MiB below one GiB).
    public static func bytes(_ x: Double) -> String {
        let gib = x / 1_073_741_824
        return gib >= 1 ? String(format: "%.1f GiB", gib) : String(format: "%.0f MiB", x / 1_048_576)
    }

    /// `3 s`, `0.5 s`.
    public static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%g s", s)
    }

    public static func percent(_ f: Double) -> String { String(format: "%g%%", (f * 1000).rounded() / 10) }

    /// Parses `64GiB`, `64G`, `512MiB`, `1.5TiB`, or plain bytes.
    public static func parseBytes(_ text: String) -> Double? {
        let kib = 1024.0
        let units: [(String, Double)] = [("TiB", kib * kib * kib * kib), ("GiB", kib * kib * kib), ("MiB", kib * kib), ("KiB", kib),
                                         ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3),
                                         ("T", kib * kib * kib * kib), ("G", kib * kib * kib), ("M", kib * kib), ("K", kib)]
        let t = text.trimmingCharacters(in: .whitespaces)
        for (suffix, scale) in units where t.hasSuffix(suffix) {
            guard let v = Double(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), v > 0, v.isFinite else { return nil }
            return v * scale
        }
        return Double(t).flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
    }

    /// `70%` or `0.7` as a fraction in (0, 1].
    public static func parseFraction(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let v = t.hasSuffix("%") ? Double(t.dropLast()).map { $0 / 100 } : Double(t)
        guard let v, v > 0, v <= 1 else { return nil }
        return v
    }
}

extension PlanFormat {
    /// Plans and calibrations as JSON (snake_case keys, sorted), the form `--out` writes.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
