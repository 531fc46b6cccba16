import Foundation
/// A part of the swarm's listeners: a fraction (`1%`, `0.5%`, `0.01`) or a number of them (`20`).
/// `listeners.decode` is one.
public enum ListenerShare: Equatable, Sendable, CustomStringConvertible {
    case fraction(Double)
    case count(Int)

    /// None.
    public static let none = ListenerShare.count(0)

    /// How many of `total` listeners: a fraction rounds to the nearest, but never to 0 when it is
    /// above 0 and there are listeners (1% of 50 is 1, not 0); a count is capped at `total`.
    public func of(_ total: Int) -> Int {
        switch self {
        case .count(let n): return min(max(0, n), max(0, total))
        case .fraction(let f):
            guard f > 0, total > 0 else { return 0 }
            let n = (f * Double(total)).rounded()
            guard n < Double(total) else { return total }
            return max(1, Int(n))
        }
    }

    public var isNone: Bool {
        switch self {
        case .count(let n): n <= 0
        case .fraction(let f): f <= 0
        }
    }

    /// As written in YAML and flags: `1%` for fractions, `20` for counts.
    public var description: String {
        switch self {
        case .count(let n): return "\(n)"
        case .fraction(let f):
            let percent = f * 100
            return percent == percent.rounded() ? "\(Int(percent))%" : "\(percent)%"
        }
    }

    /// Reads `1%`, `0.5%`, `0.01` (a fraction: a number below 1 with a point) or `20` (a count);
    /// nil for anything else, out of range included (over 100%, negative).
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("%") {
            guard let p = Double(t.dropLast()), p >= 0, p <= 100 else { return nil }
            self = .fraction(p / 100)
        } else if let n = Int(t.replacingOccurrences(of: "_", with: "")), n >= 0 {
            self = .count(n)
        } else if let f = Double(t), f >= 0, f <= 1 {
            self = .fraction(f)
        } else {
            return nil
        }
    }
}

extension SettingField {
    /// A share of the listeners (`1%`, `0.01` or `20`); JSON and YAML carry it as its text.
    public static func share(_ key: String, _ path: WritableKeyPath<Group, ListenerShare> & Sendable, _ doc: String) -> Self {
        let bounds = "0% to 100%, or a number of listeners"
        return Self(key: key, doc: doc, valueHint: "SHARE", boundsText: bounds, isSwitch: false,
                    get: { .text($0[keyPath: path].description) },
                    set: { (g: inout Group, v: SettingValue) throws(SettingsError) in
                        let share: ListenerShare?
                        switch v {
                        case .int(let n): share = n >= 0 ? .count(n) : nil
                        case .double(let f): share = f >= 0 && f <= 1 ? .fraction(f) : nil
                        case .text(let t): share = ListenerShare(text: t)
                        case .bool(false), .none: share = ListenerShare.none
                        default: share = nil
                        }
                        guard let share else {
                            throw SettingsError(key: key, value: v.description, message: "must be a percentage such as 1%, a fraction such as 0.01, or a number of listeners such as 20")
                        }
                        g[keyPath: path] = share
                    },
                    parseText: { SettingValue.text($0) })
    }
}
