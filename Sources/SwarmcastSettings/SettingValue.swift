/// One setting's value as it travels in JSON, YAML and flags: typed, but independent of the
/// Swift type it lands in, so one generic reader and writer serve every settings group.
public enum SettingValue: Equatable, Sendable, Codable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case text(String)
    /// An optional setting that is not set.
    case none

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .none }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else { self = .text(try c.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let v): try c.encode(v)
        case .double(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .text(let v): try c.encode(v)
        case .none: try c.encodeNil()
        }
    }

    /// The value as a person writes it in a flag or YAML.
    public var description: String {
        switch self {
        case .int(let v): "\(v)"
        case .double(let v): "\(v)"
        case .bool(let v): "\(v)"
        case .text(let v): v
        case .none: "none"
        }
    }
}
