/// Reads settings from command-line tokens (`--max-listeners 5000`, `--frame-interval=10ms`,
/// `--reconnect`, `--no-reconnect`) by the groups' declarations, so no command re-declares them.
public enum SettingsFlags {
    /// Applies every token that names a setting of `G` and removes it (and its value) from `tokens`.
    public static func take<G: SettingsGroup>(from tokens: inout [String], into group: inout G) throws(SettingsError) {
        var rest: [String] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            i += 1
            guard token.hasPrefix("--") else { rest.append(token); continue }
            var name = token
            var inline: String? = nil
            if let eq = token.firstIndex(of: "=") {
                name = String(token[..<eq])
                inline = String(token[token.index(after: eq)...])
            }
            var negated = false
            var field = G.field(flag: name)
            if field == nil, name.hasPrefix("--no-"), let f = G.field(flag: "--" + name.dropFirst(5)), f.isSwitch {
                field = f
                negated = true
            }
            guard let field else { rest.append(token); continue }
            let text: String
            if field.isSwitch {
                text = negated ? "false" : (inline ?? "true")
            } else if let inline {
                text = inline
            } else {
                guard i < tokens.count else { throw SettingsError(key: field.flag, value: "", message: "needs a value (\(field.valueHint))") }
                text = tokens[i]
                i += 1
            }
            do { try field.assign(text: text, to: &group) } catch {
                throw SettingsError(key: field.flag, value: error.value, message: error.message)
            }
        }
        tokens = rest
    }
}
