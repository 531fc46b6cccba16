import SwarmcastSettings

/// Writes a `Scenario` back as YAML that `ScenarioLoader` reads into the same scenario, so a
/// generated scenario (`swarmcast plan --calibrate --write`) is built from the model and the
/// settings declarations instead of a template that would drift from them.
///
/// By default settings are written only where they differ from their declared defaults, each
/// under the key its declaration names, so the file shows what was chosen and nothing else. With
/// `everySetting` (a run directory's scenario.yaml) every setting is written with its value, so
/// the file says what ran even after a default changes.
public enum ScenarioWriter {
    /// The scenario as YAML; `header` lines are written first, each as a `# ` comment.
    public static func yaml(_ s: Scenario, header: [String] = [], everySetting: Bool = false) -> String {
        func chosen<G: SettingsGroup>(_ group: G) -> [String: SettingValue] { everySetting ? group.values : group.changedValues }
        var out = header.map { $0.isEmpty ? "#" : "# \($0)" }
        out.append("name: \(quoted(s.name))")
        if !s.description.isEmpty { out.append("description: \(quoted(s.description))") }
        out.append("")
        out += serverLines(s, chosen(s.server.settings), everySetting: everySetting)
        let audio = chosen(s.audio)
        if !audio.isEmpty {
            out.append("")
            out.append("audio:")
            out += settingLines(audio, order: AudioSettings.fields.map(\.key))
        }
        if s.speakers.clients > 0 || everySetting {
            out.append("")
            out.append("speakers:")
            out.append("  clients: \(s.speakers.clients)")
        }
        out.append("")
        out += listenerLines(s, chosen(s.listeners.settings), everySetting: everySetting)
        let run = chosen(s.run)
        if !run.isEmpty {
            out.append("")
            out.append("run:")
            out += settingLines(run, order: RunSettings.fields.map(\.key))
        }
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
            for t in s.thresholds {
                guard let window = t.windowSeconds else {
                    out.append("  \(t.metric): \(quoted(t.condition))")
                    continue
                }
                var options = ["condition: \(quoted(t.condition))", "window: \(window)s"]
                if t.ignoreFirstSeconds > 0 { options.append("ignore_first: \(t.ignoreFirstSeconds)s") }
                if t.abortOnFail { options.append("abort_on_fail: true") }
                if t.delayAbortEvalSeconds > 0 { options.append("delay_abort_eval: \(t.delayAbortEvalSeconds)s") }
                out.append("  \(t.metric): {\(options.joined(separator: ", "))}")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func serverLines(_ s: Scenario, _ settings: [String: SettingValue], everySetting: Bool) -> [String] {
        var lines = ["server:", "  start: \(s.server.start)", "  address: \(s.server.address)"]
        if s.server.workers > 0 || everySetting { lines.append("  workers: \(s.server.workers)") }
        lines += settingLines(settings, order: ServerSettings.fields.map(\.key))
        return lines
    }

    private static func listenerLines(_ s: Scenario, _ settings: [String: SettingValue], everySetting: Bool) -> [String] {
        var lines = ["listeners:"]
        lines += settingLines(settings, order: ListenerSettings.fields.map(\.key))
        let allRooms = (1...max(1, s.server.settings.rooms)).map(UInt32.init)
        if s.listeners.rooms != allRooms || everySetting { lines.append("  rooms: [\(s.listeners.rooms.map(String.init).joined(separator: ", "))]") }
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
