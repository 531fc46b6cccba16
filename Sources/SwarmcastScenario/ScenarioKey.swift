import SwarmcastSettings

/// One scenario key that is not a setting (settings are declared in SwarmcastSettings): its
/// place in the YAML, value, default, bounds and meaning. The loader reads each key through its
/// declaration (name and bounds), and `docs/reference/scenario.md` lists them, so the two agree.
public struct ScenarioKey: Sendable {
    /// Where the key sits: `server.workers`, `listeners.stages[].ramp`, `thresholds.METRIC.window`.
    public let path: String
    /// How a value is written: `N`, `X`, `DURATION`, `BOOL`, `TEXT`, `HOST:PORT`, `a|b`.
    public let valueHint: String
    /// The default in words (`0`, `true`, `none`, `required`).
    public let defaultText: String
    /// Whole-number bounds, when the value is a whole number.
    public let intRange: ClosedRange<Int>?
    /// Number bounds, when the value is a number.
    public let doubleRange: ClosedRange<Double>?
    /// Duration bounds, when the value is a duration.
    public let durationRange: ClosedRange<Duration>?
    /// Allowed values, when the value is one of a list.
    public let choices: [String]?
    /// What the key does.
    public let doc: String

    init(_ path: String, _ valueHint: String, default defaultText: String, ints: ClosedRange<Int>? = nil, numbers: ClosedRange<Double>? = nil,
         durations: ClosedRange<Duration>? = nil, choices: [String]? = nil, _ doc: String) {
        self.path = path
        self.valueHint = choices.map { $0.joined(separator: "|") } ?? valueHint
        self.defaultText = defaultText
        intRange = ints
        doubleRange = numbers
        durationRange = durations
        self.choices = choices
        self.doc = doc
    }

    /// The key as written in its mapping: `workers` for `server.workers`.
    public var name: String { String(path.split(separator: ".").last ?? "") }

    /// The bounds in words (`0 to 64`), or "".
    public var boundsText: String {
        if let r = intRange { return "\(r.lowerBound) to \(r.upperBound)" }
        if let r = doubleRange { return "\(r.lowerBound) to \(r.upperBound)" }
        if let r = durationRange {
            let lower = r.lowerBound == .zero ? "0s" : DurationText.format(r.lowerBound)
            return "\(lower) to \(DurationText.format(r.upperBound))"
        }
        if let c = choices { return c.joined(separator: ", ") }
        return ""
    }
}
