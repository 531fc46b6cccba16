/// Why a record on an agent pipe could not be read. The reader counts these instead of failing
/// the run: what an agent sent before a bad record still counts.
public enum SnapshotDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The record's bytes do not form a snapshot (bad magic, checksum, or field).
    case corrupt(String)
    /// A version this build does not read (an agent from another build).
    case unsupportedVersion(UInt8)

    public var description: String {
        switch self {
        case .corrupt(let why): "corrupt snapshot record: \(why)"
        case .unsupportedVersion(let v): "snapshot record version \(v) (this build reads \(SnapshotCodec.oldestReadableVersion) to \(SnapshotCodec.version))"
        }
    }
}
