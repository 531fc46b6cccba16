import Foundation
import SwarmcastSettings

/// What a server runs with, as one JSON document: `serve --print-settings` prints it and the
/// metrics port's `/settings` serves it, so a script can check what a process (and, on an
/// origin, each edge) really runs with rather than what it was asked to.
public struct SettingsDocument: Codable, Sendable, Equatable {
    public var process: ProcessDescription
    public var settings: BroadcastSettings
    /// Origin only: the settings each edge reported it adopted, by edge number.
    public var edges: [String: BroadcastSettings]?

    public init(process: ProcessDescription, settings: BroadcastSettings, edges: [String: BroadcastSettings]? = nil) {
        self.process = process
        self.settings = settings
        self.edges = edges
    }

    /// Sorted, pretty JSON (stable for diffs and scripts).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension BroadcastSettings {
    /// The settings as compact JSON, the body of a SETTINGS frame.
    public var wireBytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(self)) ?? Data())
    }

    /// Settings from JSON that may give only some sections and keys (`{"server":{"rooms":4}}`),
    /// applied over `base`; an unknown section or key, or a bad value, is an error naming it.
    public static func merging(json: [UInt8], over base: BroadcastSettings) throws(SettingsError) -> BroadcastSettings {
        let sections: [String: [String: SettingValue]]
        do { sections = try JSONDecoder().decode([String: [String: SettingValue]].self, from: Data(json)) } catch {
            throw SettingsError(key: "settings-json", value: String(decoding: json.prefix(60), as: UTF8.self),
                                message: "must be a JSON object such as {\"server\":{\"rooms\":4},\"audio\":{\"frames_per_packet\":5}}")
        }
        var out = base
        for (section, values) in sections.sorted(by: { $0.key < $1.key }) {
            switch section {
            case ServerSettings.section: try apply(values, to: &out.server)
            case AudioSettings.section: try apply(values, to: &out.audio)
            default: throw SettingsError(key: section, value: "{...}", message: "unknown section (known: server, audio)")
            }
        }
        try out.validate()
        return out
    }

    private static func apply<G: SettingsGroup>(_ values: [String: SettingValue], to group: inout G) throws(SettingsError) {
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let field = G.field(key) else {
                throw SettingsError(key: "\(G.section).\(key)", value: value.description,
                                    message: "unknown setting (known: \(G.fields.map(\.key).joined(separator: ", ")))")
            }
            do { try field.assign(value, to: &group) } catch {
                throw SettingsError(key: "\(G.section).\(key)", value: error.value, message: error.message)
            }
        }
    }
}
