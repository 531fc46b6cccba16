#if canImport(Glibc)
import Glibc
#endif
import CLibevent

/// A set of CPU cores a process may run on (`0`, `0-3`, `0,2-3`), applied with
/// `sched_setaffinity`, as `taskset -c` does. Children inherit it, so pinning a process before it
/// starts its own children (a server its edges, a coordinator its agents) pins them all: what
/// `run --server-cores/--swarm-cores` needs to measure each side on cores of its own.
public struct CPUSet: Equatable, Sendable, CustomStringConvertible {
    /// The cores, ascending, without repeats.
    public let cores: [Int]

    /// Parses a list such as `0`, `1-3` or `0,2-3` (what `taskset -c` takes).
    public init(parsing text: String) throws(LoopError) {
        var cores = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard (1...2).contains(bounds.count), let low = bounds.first ?? nil, let high = bounds.last ?? nil,
                  low >= 0, low <= high, high < Self.capacity else { throw .badCPUList(text) }
            cores.formUnion(low...high)
        }
        self.cores = cores.sorted()
    }

    init(cores: [Int]) { self.cores = cores }

    /// The most cores a set can name (glibc's `cpu_set_t`: 1,024 bits).
    public static let capacity = MemoryLayout<cpu_set_t>.size * 8

    public var description: String { cores.map(String.init).joined(separator: ",") }

    /// Restricts this process (and the children it starts from now on) to these cores.
    public func apply() throws(LoopError) {
        var set = cpu_set_t()
        withUnsafeMutableBytes(of: &set) { raw in
            let words = raw.bindMemory(to: UInt.self)
            for core in cores { words[core / UInt.bitWidth] |= 1 << UInt(core % UInt.bitWidth) }
        }
        try systemCall("sched_setaffinity") { withUnsafeBytes(of: &set) { swarmcast_set_affinity($0.baseAddress, $0.count) } }
    }

    /// The cores this process may run on now.
    public static func current() -> CPUSet? {
        var set = cpu_set_t()
        guard withUnsafeMutableBytes(of: &set, { swarmcast_get_affinity($0.baseAddress, $0.count) }) == 0 else { return nil }
        var cores: [Int] = []
        withUnsafeBytes(of: &set) { raw in
            let words = raw.bindMemory(to: UInt.self)
            for core in 0..<capacity where words[core / UInt.bitWidth] & (1 << UInt(core % UInt.bitWidth)) != 0 { cores.append(core) }
        }
        return CPUSet(cores: cores)
    }
}
