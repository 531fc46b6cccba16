/// A setting that could not be taken: which one, the value given, and what to give instead.
public struct SettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The setting's key as YAML and JSON spell it (`max_listeners`), with its section when known.
    public var key: String
    /// The value as it was given.
    public var value: String
    /// What is wrong and what would be right.
    public var message: String

    public init(key: String, value: String, message: String) {
        self.key = key
        self.value = value
        self.message = message
    }

    public var description: String { "\(key): \(message) (got '\(value)')" }
}
