/// A problem in a scenario file, located precisely enough to fix without guessing.
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line and column (0 when the problem has no place, e.g. an empty file).
    public var line: Int
    public var column: Int
    /// Dotted path of the field (`listeners.stages[1].over`).
    public var field: String
    /// The offending value as written (empty when missing).
    public var value: String
    public var message: String

    public init(file: String, line: Int, column: Int, field: String, value: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.value = value
        self.message = message
    }

    /// `file:line:column: field: message (got 'value')`, the format editors and CI logs link.
    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(column)" : file
        let got = value.isEmpty ? "" : " (got '\(value)')"
        return field.isEmpty ? "\(place): \(message)\(got)" : "\(place): \(field): \(message)\(got)"
    }
}
