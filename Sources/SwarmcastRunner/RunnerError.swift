/// Why `run` could not run a scenario (exit code 1).
public enum RunnerError: Error, CustomStringConvertible {
    case serverDidNotStart(String)
    public var description: String {
        switch self {
        case .serverDidNotStart(let why): "the server did not start: \(why)"
        }
    }
}
