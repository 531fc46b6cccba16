/// Why a swarm could not start (exit code 1): what is missing, said so it can be fixed.
public enum SwarmError: Error, Equatable, CustomStringConvertible {
    /// The host cannot hold this shard's share: each string names the limit and the fix.
    case preflight([String])
    /// The `--metrics` endpoint could not be opened (address taken, bad address).
    case metrics(String)
    public var description: String {
        switch self {
        case .preflight(let problems): "preflight failed: " + problems.joined(separator: "; ")
        case .metrics(let problem): problem
        }
    }
}
