import SwarmcastSettings
import Yams

/// Reads one YAML mapping field by field, remembering which keys were used so that unknown keys
/// (usually typos) are reported with their line instead of being silently ignored.
struct NodeReader {
    let file: String
    let path: String
    let node: Node
    private var used: Set<String> = []

    init(file: String, path: String, node: Node) throws(ScenarioError) {
        self.file = file
        self.path = path
        self.node = node
        guard node.mapping != nil else { throw Self.error(file, path, node, "must be a mapping of key: value lines") }
    }

    static func error(_ file: String, _ field: String, _ node: Node?, _ message: String) -> ScenarioError {
        let mark = node?.mark
        return ScenarioError(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, field: field,
                             value: node?.scalar?.string ?? "", message: message)
    }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    mutating func node(_ key: String) -> Node? {
        used.insert(key)
        return node.mapping?[Node(key)]
    }

    func error(_ key: String, _ node: Node?, _ message: String) -> ScenarioError {
        Self.error(file, field(key), node ?? self.node, message)
    }

    mutating func has(_ key: String) -> Bool { node.mapping?[Node(key)] != nil }

    mutating func string(_ key: String) throws(ScenarioError) -> String? {
        guard let n = node(key) else { return nil }
        guard let s = n.scalar?.string else { throw error(key, n, "must be a single value, not a list or mapping") }
        return s
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>) throws(ScenarioError) -> Int? {
        guard let n = node(key) else { return nil }
        guard let text = n.scalar?.string, let v = Int(text.replacingOccurrences(of: "_", with: "")) else {
            throw error(key, n, "must be a whole number")
        }
        guard range.contains(v) else { throw error(key, n, "must be between \(range.lowerBound) and \(range.upperBound)") }
        return v
    }

    mutating func double(_ key: String, in range: ClosedRange<Double>) throws(ScenarioError) -> Double? {
        guard let n = node(key) else { return nil }
        guard let text = n.scalar?.string, let v = Double(text) else { throw error(key, n, "must be a number") }
        guard range.contains(v) else { throw error(key, n, "must be between \(range.lowerBound) and \(range.upperBound)") }
        return v
    }

    mutating func bool(_ key: String) throws(ScenarioError) -> Bool? {
        guard let n = node(key) else { return nil }
        switch n.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(key, n, "must be true or false")
        }
    }

    mutating func duration(_ key: String, min: Duration = .zero, max: Duration = .seconds(86_400)) throws(ScenarioError) -> Duration? {
        guard let n = node(key) else { return nil }
        guard let text = n.scalar?.string, let d = DurationText.parse(text) else {
            throw error(key, n, "must be a duration such as 500ms, 10s or 2m")
        }
        guard d >= min && d <= max else { throw error(key, n, "must be between \(DurationText.format(min)) and \(DurationText.format(max))") }
        return d
    }

    mutating func choice(_ key: String, _ allowed: [String]) throws(ScenarioError) -> String? {
        guard let text = try string(key) else { return nil }
        guard allowed.contains(text) else { throw error(key, node.mapping?[Node(key)], "must be one of \(allowed.joined(separator: ", "))") }
        return text
    }

    mutating func mapping(_ key: String) throws(ScenarioError) -> NodeReader? {
        guard let n = node(key) else { return nil }
        return try NodeReader(file: file, path: field(key), node: n)
    }

    mutating func sequence(_ key: String) throws(ScenarioError) -> [Node]? {
        guard let n = node(key) else { return nil }
        guard let seq = n.sequence else { throw error(key, n, "must be a list (lines starting with '- ')") }
        return Array(seq)
    }

    /// Fails on the first key that no reader asked for.
    func rejectUnknownKeys(known extra: [String] = []) throws(ScenarioError) {
        for (key, _) in node.mapping! {
            let name = key.scalar?.string ?? ""
            if !used.contains(name) && !extra.contains(name) {
                let known = (used.union(extra)).sorted().joined(separator: ", ")
                throw ScenarioError(file: file, line: key.mark?.line ?? 0, column: key.mark?.column ?? 0, field: field(name),
                                    value: name, message: "unknown key (known here: \(known))")
            }
        }
    }

    /// Reads every present key of a settings group through its declarations (`G.fields`): each
    /// value is the scalar as written, parsed and bounds-checked by the field, so the YAML
    /// accepts exactly what flags and JSON accept, with the same messages.
    mutating func settings<G: SettingsGroup>(into group: inout G) throws(ScenarioError) {
        for field in G.fields {
            guard let n = node(field.key) else { continue }
            guard let text = n.scalar?.string else { throw error(field.key, n, "must be a single value, not a list or mapping") }
            do { try field.assign(text: text, to: &group) } catch { throw self.error(field.key, n, error.message) }
        }
        do { try group.validateCrossField() } catch { throw Self.error(file, path, node, error.description) }
    }
}

/// Reading a key through its declaration: the name and bounds come from `ScenarioKeys`.
extension NodeReader {
    mutating func has(_ key: ScenarioKey) -> Bool { has(key.name) }
    mutating func node(_ key: ScenarioKey) -> Node? { node(key.name) }
    mutating func string(_ key: ScenarioKey) throws(ScenarioError) -> String? { try string(key.name) }
    mutating func bool(_ key: ScenarioKey) throws(ScenarioError) -> Bool? { try bool(key.name) }
    mutating func sequence(_ key: ScenarioKey) throws(ScenarioError) -> [Node]? { try sequence(key.name) }
    mutating func int(_ key: ScenarioKey) throws(ScenarioError) -> Int? { try int(key.name, in: key.intRange ?? Int.min...Int.max) }
    mutating func double(_ key: ScenarioKey) throws(ScenarioError) -> Double? {
        try double(key.name, in: key.doubleRange ?? -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
    }
    mutating func duration(_ key: ScenarioKey) throws(ScenarioError) -> Duration? {
        try duration(key.name, min: key.durationRange?.lowerBound ?? .zero, max: key.durationRange?.upperBound ?? .seconds(86_400))
    }
    mutating func choice(_ key: ScenarioKey) throws(ScenarioError) -> String? { try choice(key.name, key.choices ?? []) }
    func error(_ key: ScenarioKey, _ node: Node?, _ message: String) -> ScenarioError { error(key.name, node, message) }
}
