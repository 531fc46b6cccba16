import Foundation

/// A group of settings (server, audio, listeners) whose every field is declared once in
/// `fields`. The group's `init()` holds the defaults; everything else (JSON, YAML, flags, help,
/// validation) reads the declarations.
public protocol SettingsGroup: Sendable, Equatable {
    /// The defaults.
    init()
    /// The section the group has in scenario YAML and in `--print-settings` JSON.
    static var section: String { get }
    /// Every setting of the group, in the order help lists them.
    static var fields: [SettingField<Self>] { get }
    /// Checks between fields of this group (bounds of single fields are checked on assignment).
    func validateCrossField() throws(SettingsError)
}

extension SettingsGroup {
    public func validateCrossField() throws(SettingsError) {}

    /// The field with this YAML key, or nil.
    public static func field(_ key: String) -> SettingField<Self>? { fields.first { $0.key == key } }

    /// The field with this flag (`--max-listeners` or `max-listeners`), or nil.
    public static func field(flag: String) -> SettingField<Self>? {
        let name = flag.hasPrefix("--") ? flag : "--" + flag
        return fields.first { $0.flag == name }
    }

    /// Re-checks every field's bounds (a group built in code skips the checks of `assign`) and
    /// the checks between fields.
    public func validate() throws(SettingsError) {
        for field in Self.fields {
            var copy = self
            try field.assign(field.value(in: self), to: &copy)
        }
        try validateCrossField()
    }

    /// The settings as a key → value map (JSON's shape).
    public var values: [String: SettingValue] {
        Dictionary(uniqueKeysWithValues: Self.fields.map { ($0.key, $0.value(in: self)) })
    }

    /// Builds a group from the defaults and the given values; an unknown key is an error.
    public init(values: [String: SettingValue]) throws(SettingsError) {
        self.init()
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let field = Self.field(key) else {
                throw SettingsError(key: "\(Self.section).\(key)", value: value.description,
                                    message: "unknown setting (known: \(Self.fields.map(\.key).joined(separator: ", ")))")
            }
            try field.assign(value, to: &self)
        }
        try validateCrossField()
    }

    /// The settings whose values differ from the defaults.
    public var changedValues: [String: SettingValue] {
        let defaults = Self().values
        return values.filter { defaults[$0.key] != $0.value }
    }

    /// Help text: each setting's flag and value hint on one line, then what it does, its bounds
    /// and default, wrapped under it (short enough that `--help` does not re-wrap it).
    public static var helpText: String {
        let defaults = Self()
        return fields.map { f in
            let flag = f.isSwitch ? f.flag : "\(f.flag) \(f.valueHint.contains("|") ? f.valueHint : f.valueHint)"
            return "  \(flag)\n" + wrap("\(f.doc) (\(f.boundsText); default \(f.value(in: defaults)))", indent: 6, width: 78)
        }.joined(separator: "\n")
    }

    private static func wrap(_ text: String, indent: Int, width: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = pad
        for word in text.split(separator: " ") {
            if line.count > indent && line.count + 1 + word.count > width {
                lines.append(line)
                line = pad
            }
            line += (line.count > indent ? " " : "") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}

/// Encodes and decodes any settings group as a JSON object of its fields, durations as exact
/// text, so a child process receives exactly what its parent has.
public enum SettingsCoding {
    public static func encode<G: SettingsGroup>(_ group: G) -> [String: SettingValue] { group.values }

    public static func decode<G: SettingsGroup>(_ type: G.Type, from values: [String: SettingValue]) throws(SettingsError) -> G {
        try G(values: values)
    }
}
