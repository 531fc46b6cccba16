/// One setting, declared once: its key, documentation, default (the group's `init()`), bounds,
/// and how to read and write it. YAML, command-line flags, JSON for child processes, help text
/// and validation are all driven by these declarations, so a setting cannot drift between them.
public struct SettingField<Group>: Sendable {
    /// snake_case: the YAML and JSON key. The flag is the same in kebab-case.
    public let key: String
    /// One line saying what the setting does, for `--help` and docs/reference/settings.md.
    public let doc: String
    /// How a value is written in help: `N`, `DURATION`, `skip-to-live|disconnect`.
    public let valueHint: String
    /// The bounds in words, for help and errors (`1 to 10000`).
    public let boundsText: String
    /// Whether the flag takes no value (`--reuse-port`).
    public let isSwitch: Bool
    let get: @Sendable (Group) -> SettingValue
    let set: @Sendable (inout Group, SettingValue) throws(SettingsError) -> Void
    let parseText: @Sendable (String) -> SettingValue?

    /// The command-line flag: `--max-listeners` for `max_listeners`.
    public var flag: String { "--" + key.replacingOccurrences(of: "_", with: "-") }

    /// The value in `group`.
    public func value(in group: Group) -> SettingValue { get(group) }

    /// Sets the value, checking its type and bounds.
    public func assign(_ value: SettingValue, to group: inout Group) throws(SettingsError) { try set(&group, value) }

    /// Parses and sets a value written as text (a flag's argument, a YAML scalar).
    public func assign(text: String, to group: inout Group) throws(SettingsError) {
        guard let value = parseText(text) else { throw SettingsError(key: key, value: text, message: "must be \(kindText)") }
        try set(&group, value)
    }

    private var kindText: String {
        switch valueHint {
        case "N": "a whole number"
        case "X": "a number"
        case "DURATION": "a duration such as 500ms, 10s or 2m"
        case "BOOL": "true or false"
        default: valueHint.contains("|") ? "one of \(valueHint.replacingOccurrences(of: "|", with: ", "))" : "text"
        }
    }
}

extension SettingField {
    private static func error(_ key: String, _ value: SettingValue, _ message: String) -> SettingsError {
        SettingsError(key: key, value: value.description, message: message)
    }

    /// A whole number within `range`.
    public static func int(_ key: String, _ path: WritableKeyPath<Group, Int> & Sendable, _ range: ClosedRange<Int>, _ doc: String) -> Self {
        let bounds = "\(range.lowerBound) to \(range.upperBound)"
        return Self(key: key, doc: doc, valueHint: "N", boundsText: bounds, isSwitch: false,
                    get: { .int($0[keyPath: path]) },
                    set: { (g: inout Group, v: SettingValue) throws(SettingsError) in
                        guard case .int(let n) = v else { throw error(key, v, "must be a whole number") }
                        guard range.contains(n) else { throw error(key, v, "must be \(bounds)") }
                        g[keyPath: path] = n
                    },
                    parseText: { Int($0.replacingOccurrences(of: "_", with: "")).map(SettingValue.int) })
    }

    /// A whole number within `range`, or not set (`none`).
    public static func optionalInt(_ key: String, _ path: WritableKeyPath<Group, Int?> & Sendable, _ range: ClosedRange<Int>, _ doc: String) -> Self {
        let bounds = "\(range.lowerBound) to \(range.upperBound), or none"
        return Self(key: key, doc: doc, valueHint: "N", boundsText: bounds, isSwitch: false,
                    get: { $0[keyPath: path].map(SettingValue.int) ?? .none },
                    set: { (g: inout Group, v: SettingValue) throws(SettingsError) in
                        switch v {
                        case .none: g[keyPath: path] = nil
                        case .int(let n) where range.contains(n): g[keyPath: path] = n
                        default: throw error(key, v, "must be \(bounds)")
                        }
                    },
                    parseText: { $0 == "none" ? SettingValue.none : Int($0.replacingOccurrences(of: "_", with: "")).map(SettingValue.int) })
    }

    /// A number within `range`.
    public static func double(_ key: String, _ path: WritableKeyPath<Group, Double> & Sendable, _ range: ClosedRange<Double>, _ doc: String) -> Self {
        let bounds = "\(range.lowerBound) to \(range.upperBound)"
        return Self(key: key, doc: doc, valueHint: "X", boundsText: bounds, isSwitch: false,
                    get: { .double($0[keyPath: path]) },
                    set: { (g: inout Group, v: SettingValue) throws(SettingsError) in
                        let x: Double
                        switch v {
                        case .double(let d): x = d
                        case .int(let n): x = Double(n)
                        default: throw error(key, v, "must be a number")
                        }
                        guard range.contains(x) else { throw error(key, v, "must be \(bounds)") }
                        g[keyPath: path] = x
                    },
                    parseText: { Double($0).map(SettingValue.double) })
    }

    /// A duration within `range`; JSON and YAML carry it as text (`20ms`), exactly.
    public static func duration(_ key: String, _ path: WritableKeyPath<Group, Duration> & Sendable, _ range: ClosedRange<Duration>, _ doc: String) -> Self {
        let bounds = "\(DurationText.format(range.lowerBound)) to \(DurationText.format(range.upperBound))"
        return Self(key: key, doc: doc, valueHint: "DURATION", boundsText: bounds, isSwitch: false,
                    get: { .text(DurationText.exact($0[keyPath: path])) },
                    set: { (g: inout Group, v: SettingValue) throws(SettingsError) in
                        guard case .text(let t) = v, let d = DurationText.parse(t) else { throw error(key, v, "must be a duration such as 500ms, 10s or 2m") }
                        guard range.contains(d) else { throw error(key, v, "must be \(bounds)") }
                        g[keyPath: path] = d
                    },
                    parseText: { SettingValue.text($0) })
    }

    /// A duration within `range`, or not set (`none`: the setting's documented fallback applies).
    public static func optionalDuration(_ key: String, _ path: WritableKeyPath<Group, Duration?> & Sendable, _ range: ClosedRange<Duration>, _ doc: String) -> Self {
        let bounds = "\(DurationText.format(range.lowerBound)) to \(DurationText.format(range.upperBound)), or none"
        return Self(key: key, doc: doc, valueHint: "DURATION", boundsText: bounds, isSwitch: false,
                    get: { $0[keyPath: path].map { SettingValue.text(DurationText.exact($0)) } ?? .none },
                    set: { (g: inout Group, v: SettingValue) throws(SettingsError) in
                        if v == .none || v == .text("none") { g[keyPath: path] = nil; return }
                        guard case .text(let t) = v, let d = DurationText.parse(t) else { throw error(key, v, "must be a duration such as 500ms, 10s or 2m") }
                        guard range.contains(d) else { throw error(key, v, "must be \(bounds)") }
                        g[keyPath: path] = d
                    },
                    parseText: { SettingValue.text($0) })
    }

    /// On or off; as a flag it takes no value (`--reconnect`), or `=false`.
    public static func bool(_ key: String, _ path: WritableKeyPath<Group, Bool> & Sendable, _ doc: String) -> Self {
        Self(key: key, doc: doc, valueHint: "BOOL", boundsText: "true or false", isSwitch: true,
             get: { .bool($0[keyPath: path]) },
             set: { (g: inout Group, v: SettingValue) throws(SettingsError) in
                 guard case .bool(let b) = v else { throw error(key, v, "must be true or false") }
                 g[keyPath: path] = b
             },
             parseText: {
                 switch $0.lowercased() {
                 case "true", "yes", "on", "1": .bool(true)
                 case "false", "no", "off", "0": .bool(false)
                 default: nil
                 }
             })
    }

    /// One of an enumeration's raw values.
    public static func choice<E: RawRepresentable & CaseIterable & Sendable>(_ key: String, _ path: WritableKeyPath<Group, E> & Sendable, _ doc: String) -> Self where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        return Self(key: key, doc: doc, valueHint: names.joined(separator: "|"), boundsText: names.joined(separator: ", "), isSwitch: false,
                    get: { .text($0[keyPath: path].rawValue) },
                    set: { (g: inout Group, v: SettingValue) throws(SettingsError) in
                        guard case .text(let t) = v, let e = E(rawValue: t) else { throw error(key, v, "must be one of \(names.joined(separator: ", "))") }
                        g[keyPath: path] = e
                    },
                    parseText: { SettingValue.text($0) })
    }

    /// Free text of at least `minimumLength` characters, or not set (`none`, as a scenario that
    /// lists every setting writes it).
    public static func optionalText(_ key: String, _ path: WritableKeyPath<Group, String?> & Sendable, minimumLength: Int, _ doc: String) -> Self {
        Self(key: key, doc: doc, valueHint: "TEXT", boundsText: "at least \(minimumLength) characters, or none", isSwitch: false,
             get: { $0[keyPath: path].map(SettingValue.text) ?? .none },
             set: { (g: inout Group, v: SettingValue) throws(SettingsError) in
                 switch v {
                 case .none, .text("none"): g[keyPath: path] = nil
                 case .text(let t) where t.count >= minimumLength: g[keyPath: path] = t
                 case .text(let t): throw SettingsError(key: key, value: "(\(t.count) characters)", message: "must be at least \(minimumLength) characters")
                 default: throw error(key, v, "must be text")
                 }
             },
             parseText: { SettingValue.text($0) })
    }

    /// Free text that must satisfy `check` (which returns what is wrong, or nil).
    public static func text(_ key: String, _ path: WritableKeyPath<Group, String> & Sendable, hint: String,
                            check: @escaping @Sendable (String) -> String?, _ doc: String) -> Self {
        Self(key: key, doc: doc, valueHint: hint, boundsText: hint, isSwitch: false,
             get: { .text($0[keyPath: path]) },
             set: { (g: inout Group, v: SettingValue) throws(SettingsError) in
                 guard case .text(let t) = v else { throw error(key, v, "must be text") }
                 if let problem = check(t) { throw error(key, v, problem) }
                 g[keyPath: path] = t
             },
             parseText: { SettingValue.text($0) })
    }
}

extension SettingField {
    /// Free text that must satisfy `check` (which returns what is wrong, or nil), or not set (`none`).
    public static func optionalText(_ key: String, _ path: WritableKeyPath<Group, String?> & Sendable, hint: String,
                                    check: @escaping @Sendable (String) -> String?, _ doc: String) -> Self {
        Self(key: key, doc: doc, valueHint: hint, boundsText: "\(hint), or none", isSwitch: false,
             get: { $0[keyPath: path].map(SettingValue.text) ?? .none },
             set: { (g: inout Group, v: SettingValue) throws(SettingsError) in
                 switch v {
                 case .none, .text("none"): g[keyPath: path] = nil
                 case .text(let t):
                     if let problem = check(t) { throw SettingsError(key: key, value: t, message: problem) }
                     g[keyPath: path] = t
                 default: throw SettingsError(key: key, value: v.description, message: "must be text")
                 }
             },
             parseText: { SettingValue.text($0) })
    }
}
