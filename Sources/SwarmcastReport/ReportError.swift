/// Why a report could not be written or read.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    /// A histogram (in delay.hlog or summary.json) could not be decoded.
    case badHistogram(String)
    /// A run directory lacks a file or holds one that does not parse.
    case badRunDirectory(path: String, problem: String)

    public var description: String {
        switch self {
        case .badHistogram(let why): "bad histogram: \(why)"
        case .badRunDirectory(let path, let problem): "\(path): \(problem)"
        }
    }
}
