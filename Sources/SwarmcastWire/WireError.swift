/// Why bytes from a peer could not be read as a frame. Each case closes that one connection.
public enum WireError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The length prefix is larger than the configured maximum frame size.
    case frameTooLarge(length: Int, maximum: Int)
    /// The length prefix is smaller than a type byte.
    case frameTooSmall(length: Int)
    /// The type byte names no frame this version knows.
    case unknownType(UInt8)
    /// The body is shorter (or longer) than its type requires.
    case malformedBody(type: FrameType, bodyBytes: Int)
    /// An enumerated field holds a value outside its range.
    case badField(type: FrameType, field: String, value: UInt64)

    public var description: String {
        switch self {
        case .frameTooLarge(let length, let maximum): "frame length \(length) exceeds maximum \(maximum)"
        case .frameTooSmall(let length): "frame length \(length) is too small"
        case .unknownType(let t): "unknown frame type \(t)"
        case .malformedBody(let type, let n): "malformed \(type) body of \(n) bytes"
        case .badField(let type, let field, let value): "\(type) field \(field) has invalid value \(value)"
        }
    }

    /// A short, stable label for metrics (`reason="..."`).
    public var reasonLabel: String {
        switch self {
        case .frameTooLarge: "frame-too-large"
        case .frameTooSmall: "frame-too-small"
        case .unknownType: "unknown-type"
        case .malformedBody: "malformed-body"
        case .badField: "bad-field"
        }
    }
}
