import SwarmcastSettings

/// What an origin's SETTINGS mean for an edge that already serves listeners with others (the
/// origin restarted with new flags, and the edge rejoined it).
///
/// An edge must never keep old settings silently. Admission, protections, backlogs and the
/// room-state interval only shape what happens next, so they are adopted live; the room count
/// and the audio format are what every listener already joined and was told (rooms 1...N, the
/// frame timing, `icy-br`), so a change there cannot be adopted under them and the edge exits
/// saying which keys changed.
enum SettingsChange: Equatable {
    case none
    /// Keys (`server.max_listeners`) that changed and can be adopted live.
    case live([String])
    /// Keys that changed and cannot be adopted while listeners are connected.
    case needsRestart([String])

    static let fixedServerKeys: Set<String> = ["rooms"]

    static func between(_ old: BroadcastSettings, _ new: BroadcastSettings) -> SettingsChange {
        func changed<G: SettingsGroup>(_ a: G, _ b: G) -> [String] {
            let before = a.values, after = b.values
            return G.fields.map(\.key).filter { before[$0] != after[$0] }.map { "\(G.section).\($0)" }
        }
        let server = changed(old.server, new.server)
        let audio = changed(old.audio, new.audio)
        let fixed = audio + server.filter { fixedServerKeys.contains(String($0.dropFirst(ServerSettings.section.count + 1))) }
        if !fixed.isEmpty { return .needsRestart(fixed) }
        return server.isEmpty ? .none : .live(server)
    }
}
