import Foundation
import SwarmcastScenario
import SwarmcastSettings

/// What two runs ran differently, read from their scenario.yaml: `compare` prints it above the
/// figures, because a "regression" between runs at different packet intervals or worker counts
/// is a different test, not a slower build (k6 and package-benchmark users expect the same
/// warning when comparing unlike runs).
public struct SettingsDifference: Equatable, Sendable {
    /// `section.key: base → new`, in declaration order.
    public var lines: [String]
    /// Sides whose run directory recorded no scenario.yaml (older runs).
    public var unrecorded: [String]

    public init(base: Scenario?, new: Scenario?, baseName: String = "base", newName: String = "new") {
        unrecorded = [(baseName, base), (newName, new)].filter { $0.1 == nil }.map(\.0)
        guard let base, let new else { lines = []; return }
        var out: [String] = []
        func add(_ key: String, _ a: String, _ b: String) { if a != b { out.append("\(key): \(a) → \(b)") } }
        func group<G: SettingsGroup>(_ a: G, _ b: G) {
            let av = a.values, bv = b.values
            for field in G.fields { add("\(G.section).\(field.key)", av[field.key]?.description ?? "", bv[field.key]?.description ?? "") }
        }
        add("server.start", "\(base.server.start)", "\(new.server.start)")
        if !base.server.start || !new.server.start { add("server.address", base.server.address, new.server.address) }
        add("server.workers", "\(base.server.workers)", "\(new.server.workers)")
        group(base.server.settings, new.server.settings)
        group(base.audio, new.audio)
        add("speakers.clients", "\(base.speakers.clients)", "\(new.speakers.clients)")
        group(base.listeners.settings, new.listeners.settings)
        add("listeners.peak", "\(base.listeners.schedule.peakTarget)", "\(new.listeners.schedule.peakTarget)")
        add("listeners.duration", "\(Int(base.durationSeconds)) s", "\(Int(new.durationSeconds)) s")
        lines = out
    }

    /// The side-by-side note `compare` prints: empty when both recorded the same settings.
    public var text: String {
        var out: [String] = []
        if !unrecorded.isEmpty { out.append("settings: \(unrecorded.joined(separator: " and ")) recorded no scenario.yaml; not checked") }
        if !lines.isEmpty {
            out.append("settings differ (scenario.yaml), so the runs are different tests:")
            out += lines.map { "  \($0)" }
        }
        return out.joined(separator: "\n")
    }
}
