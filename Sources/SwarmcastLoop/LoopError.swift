#if canImport(Glibc)
import Glibc
#endif

/// A failure of the event loop layer: a system call with its errno, or a bad address.
public enum LoopError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed; `function` names it and `errno` says why.
    case systemCall(function: String, errno: Int32)
    /// A libevent call failed (libevent does not always keep errno).
    case libevent(function: String)
    /// An address could not be parsed (`HOST:PORT`, `[V6]:PORT`).
    case badAddress(String)
    /// A CPU list could not be parsed (`0`, `1-3`, `0,2-3`).
    case badCPUList(String)

    public var description: String {
        switch self {
        case .systemCall(let function, let code): "\(function) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .libevent(let function): "\(function) failed"
        case .badAddress(let text): "bad address '\(text)': expected HOST:PORT, for example 127.0.0.1:7400 or [::1]:7400"
        case .badCPUList(let text): "bad CPU list '\(text)': expected cores such as 0, 1-3 or 0,2-3 (below \(CPUSet.capacity))"
        }
    }
}

/// Runs a system call, retrying on EINTR, and turns -1 into `LoopError.systemCall` with errno kept.
@discardableResult
func systemCall<T: FixedWidthInteger>(_ function: String, _ body: () -> T) throws(LoopError) -> T {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = errno
        if code == EINTR { continue }
        throw .systemCall(function: function, errno: code)
    }
}
