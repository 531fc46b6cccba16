/// What an HLS request asks for, from its request target (`/rooms/R/index.m3u8?_HLS_msn=…`).
public enum HLSResource: Equatable, Sendable {
    /// The media playlist; with `msn` (and `part`) a blocking reload (`_HLS_msn`, `_HLS_part`).
    case playlist(msn: UInt64?, part: Int?)
    case initSegment
    case segment(msn: UInt64)
    case part(msn: UInt64, index: Int)

    /// The label requests are counted under in `/metrics`.
    public var kind: String {
        switch self {
        case .playlist(let msn, _): msn == nil ? "playlist" : "playlist-blocking"
        case .initSegment: "init"
        case .segment: "segment"
        case .part: "part"
        }
    }
}

/// Parses request targets under `/rooms/R/` that name HLS resources.
public enum HLSRequestTarget: Equatable, Sendable {
    /// Not an HLS path (another handler's, or a 404).
    case notHLS
    /// An HLS path with a bad query or room number (400).
    case malformed(String)
    /// An HLS-looking name this server does not have (404).
    case unknownName
    case resource(room: UInt32, HLSResource)

    /// File names that make a path an HLS request.
    static func isHLSName(_ name: Substring) -> Bool {
        name.hasSuffix(".m3u8") || name.hasSuffix(".m4s") || name.hasSuffix(".mp4")
    }

    public static func parse(_ target: Substring) -> HLSRequestTarget {
        let pieces = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = pieces[0].split(separator: "/")
        guard path.count == 3, path[0] == "rooms", isHLSName(path[2]) else { return .notHLS }
        guard let room = UInt32(path[1]) else { return .malformed("room") }
        let name = path[2]
        switch name {
        case "index.m3u8":
            var msn: UInt64?
            var part: Int?
            for pair in (pieces.count > 1 ? pieces[1] : "").split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let value = kv.count == 2 ? kv[1] : ""
                switch kv[0] {
                case "_HLS_msn":
                    guard let v = UInt64(value) else { return .malformed("_HLS_msn") }
                    msn = v
                case "_HLS_part":
                    guard let v = Int(value), v >= 0 else { return .malformed("_HLS_part") }
                    part = v
                case "_HLS_skip":
                    continue  // delta updates are not offered (no CAN-SKIP-UNTIL): the whole playlist is the answer
                default:
                    continue
                }
            }
            // RFC 8216bis 6.2.5.2: _HLS_part without _HLS_msn is a bad request.
            if part != nil && msn == nil { return .malformed("_HLS_part without _HLS_msn") }
            return .resource(room: room, .playlist(msn: msn, part: part))
        case "init.mp4":
            return .resource(room: room, .initSegment)
        default:
            if name.hasPrefix("seg"), name.hasSuffix(".m4s"), let msn = UInt64(name.dropFirst(3).dropLast(4)) {
                return .resource(room: room, .segment(msn: msn))
            }
            if name.hasPrefix("part"), name.hasSuffix(".m4s") {
                let numbers = name.dropFirst(4).dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
                if numbers.count == 2, let msn = UInt64(numbers[0]), let index = Int(numbers[1]), index >= 0 {
                    return .resource(room: room, .part(msn: msn, index: index))
                }
            }
            return .unknownName
        }
    }
}
