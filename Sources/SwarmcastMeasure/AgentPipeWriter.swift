#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The agent's end of its pipe: one binary record per snapshot, written whole to a file
/// descriptor (the agent's stdout, a socketpair the coordinator reads).
///
/// The write blocks if the coordinator falls a full socket buffer behind; the coordinator reads
/// every pipe on its loop without waiting on anything else, so that is a back-pressure signal the
/// agent honours rather than a wait on the network.
public struct AgentPipeWriter: Sendable {
    public let fd: Int32

    public init(fd: Int32 = 1) { self.fd = fd }

    /// Writes one snapshot; false when the pipe is gone (the coordinator ended).
    @discardableResult
    public func write(_ snapshot: AgentSnapshot) -> Bool {
        let record = SnapshotCodec.encode(snapshot)
        return record.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                #if canImport(Glibc)
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #else
                let n = Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #endif
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }
}
