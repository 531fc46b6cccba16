import SwarmcastSettings

/// Writes a `Scenario` back as YAML that `ScenarioLoader` reads into the same scenario, so a
/// generated scenario (`swarmcast plan --calibrate --write`) is built from the model and the
/// settings declarations instead of a template that would drift from them.
///
/// Settings are written only where they differ from their declared defaults, each under the key
/// its declaration names, so the file shows what was chosen and nothing else.
public enum ScenarioWriter {
    /// The scenario as YAML; `header` lines are written first, each as a `# ` comment.
    public static func yaml(_ s: Scenario, header: [String] = []) -> String {
        var out = header.map { $0.isEmpty ? "#" : "# \($0)" }
        out.append("name: \(quoted(s.name))")
        if !s.description.isEmpty { out.append("description: \(quoted(s.description))") }
        out.append("")
        out += serverLines(s)
        let audio = s.audio.changedValues
        if !audio.isEmpty {
            out.append("")
            out.append("audio:")
            out += settingLines(audio, order: AudioSettings.fields.map(\.key))
        }
        if s.speakers.clients > 0 {
            out.append("")
            out.append("speakers:")
            out.append("  clients: \(s.speakers.clients)")
        }
        out.append("")
        out += listenerLines(s)
        if !s.attacks.isEmpty {
            out.append("")
            out.append("attacks:")
            for a in s.attacks {
                out.append("  - kind: \(a.kind.rawValue)")
                out.append("    count: \(a.count)")
                out.append("    start: \(DurationText.exact(.nanoseconds(Int64((a.startSeconds * 1e9).rounded()))))")
                out.append("    rate: \(number(a.rate))")
            }
        }
        if !s.faults.isEmpty {
            out.append("")
            out.append("faults:")
            for f in s.faults {
                out.append("  - at: \(seconds(f.atSeconds))")
                out.append("    kill: \(f.kill.rawValue)")
            }
        }
        if !s.thresholds.isEmpty {
            out.append("")
            out.append("thresholds:")
            for t in s.thresholds { out.append("  \(t.metric): \(quoted(t.condition))") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func serverLines(_ s: Scenario) -> [String] {
        var lines = ["server:", "  start: \(s.server.start)", "  address: \(s.server.address)"]
        if s.server.workers > 0 { lines.append("  workers: \(s.server.workers)") }
        lines += settingLines(s.server.settings.changedValues, order: ServerSettings.fields.map(\.key))
        return lines
    }

    private static func listenerLines(_ s: Scenario) -> [String] {
        var lines = ["listeners:"]
        lines += settingLines(s.listeners.settings.changedValues, order: ListenerSettings.fields.map(\.key))
        let allRooms = (1...max(1, s.server.settings.rooms)).map(UInt32.init)
        if s.listeners.rooms != allRooms { lines.append("  rooms: [\(s.listeners.rooms.map(String.init).joined(separator: ", "))]") }
        lines.append("  stages:")
        for stage in s.listeners.schedule.stages {
            switch stage.kind {
            case .ramp:
                if let target = stage.target {
                    lines.append("    - ramp: \(target)")
                    lines.append("      over: \(seconds(stage.durationSeconds))")
                } else {
                    lines.append("    - hold: \(seconds(stage.durationSeconds))")
                }
            case .rate:
                lines.append("    - rate: \(number(stage.rate ?? 0))")
                lines.append("      for: \(seconds(stage.durationSeconds))")
            case .storm:
                lines.append("    - storm: \(stage.count ?? 0)")
                if stage.durationSeconds > 0 { lines.append("      hold: \(seconds(stage.durationSeconds))") }
            }
        }
        return lines
    }

    private static func settingLines(_ values: [String: SettingValue], order: [String]) -> [String] {
        order.compactMap { key in values[key].map { "  \(key): \(scalar($0))" } }
    }

    private static func scalar(_ v: SettingValue) -> String {
        switch v {
        case .text(let t): quoted(t)
        case .double(let d): number(d)
        default: v.description
        }
    }

    /// A duration in seconds as the loader reads it back exactly (`90s`, `1.5s`, `250ms`).
    static func seconds(_ s: Double) -> String { DurationText.exact(.nanoseconds(Int64((s * 1e9).rounded()))) }

    static func number(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d) }

    /// Plain text stays plain; anything YAML might read as something else is double-quoted.
    static func quoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "-_./ ".contains($0) }
            && !text.isEmpty && text.first != " " && text.last != " " && !["true", "false", "yes", "no", "on", "off", "null", "~"].contains(text.lowercased())
            && Double(text) == nil
        guard !plain else { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
