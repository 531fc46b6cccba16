import SwarmcastLoop

/// Why the server could not start or go on.
public enum ServerError: Error, Equatable, CustomStringConvertible {
    /// A configuration value is out of range; `hint` says what to use instead.
    case invalidConfiguration(field: String, value: String, hint: String)
    /// Binding, listening or another system call failed.
    case loop(LoopError)

    public var description: String {
        switch self {
        case .invalidConfiguration(let field, let value, let hint): "invalid \(field) '\(value)': \(hint)"
        case .loop(let error): error.description
        }
    }
}
