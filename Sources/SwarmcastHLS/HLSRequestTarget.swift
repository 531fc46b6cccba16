/// What an HLS request asks for, from its request target (`/rooms/R/index.m3u8?_HLS_msn=…`).
public enum HLSResource: Equatable, Sendable {
    /// The media playlist; with `msn` (and `part`) a blocking reload (`_HLS_msn`, `_HLS_part`);
    /// with `skip` a delta update (`_HLS_skip=YES`: older segments replaced by `EXT-X-SKIP`).
    case playlist(msn: UInt64?, part: Int?, skip: Bool = false)
    case initSegment
    case segment(msn: UInt64)
    case part(msn: UInt64, index: Int)

    /// The label requests are counted under in `/metrics`.
    public var kind: String {
        switch self {
        case .playlist(let msn, _, _): msn == nil ? "playlist" : "playlist-blocking"
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

    public static func parse(_ target: Substring) -> HLSRequestTarget {
        Array(target.utf8).withUnsafeBufferPointer { parse(bytes: $0) }
    }

    /// The same on the target's bytes, in place (every HLS request goes through here: the
    /// `Substring` splitting it replaced was an eighth of an edge's CPU).
    public static func parse(bytes t: UnsafeBufferPointer<UInt8>) -> HLSRequestTarget {
        let queryStart = t.firstIndex(of: UInt8(ascii: "?")) ?? t.count
        // Path components, empty ones skipped: exactly rooms / R / NAME.
        var components: [Range<Int>] = []
        var i = 0
        while i < queryStart {
            while i < queryStart && t[i] == UInt8(ascii: "/") { i += 1 }
            let start = i
            while i < queryStart && t[i] != UInt8(ascii: "/") { i += 1 }
            if i > start {
                guard components.count < 3 else { return .notHLS }
                components.append(start..<i)
            }
        }
        guard components.count == 3, ASCIIBytes.equals(t, components[0], rooms), hasHLSSuffix(t, components[2]) else { return .notHLS }
        guard let room = ASCIIBytes.decimal(t, components[1]), room <= UInt64(UInt32.max) else { return .malformed("room") }
        let name = components[2]
        if ASCIIBytes.equals(t, name, index) {
            var msn: UInt64?
            var part: Int?
            var skip = false
            var p = queryStart + 1
            while p < t.count {
                let pairStart = p
                while p < t.count && t[p] != UInt8(ascii: "&") { p += 1 }
                defer { p += 1 }
                guard p > pairStart else { continue }
                let eq = (pairStart..<p).first { t[$0] == UInt8(ascii: "=") } ?? p
                let key = pairStart..<eq, value = min(eq + 1, p)..<p
                if ASCIIBytes.equals(t, key, hlsMSN) {
                    guard let v = ASCIIBytes.decimal(t, value) else { return .malformed("_HLS_msn") }
                    msn = v
                } else if ASCIIBytes.equals(t, key, hlsPart) {
                    guard let v = ASCIIBytes.decimal(t, value), v <= UInt64(Int.max) else { return .malformed("_HLS_part") }
                    part = Int(v)
                } else if ASCIIBytes.equals(t, key, hlsSkip) {
                    // YES asks for a delta update; v2 (date ranges too) is answered as YES, as the
                    // spec allows a server that has no date ranges to skip. Anything else: full.
                    skip = ASCIIBytes.equals(t, value, yes) || ASCIIBytes.equals(t, value, v2)
                }
                // Other keys are ignored.
            }
            // RFC 8216bis 6.2.5.2: _HLS_part without _HLS_msn is a bad request.
            if part != nil && msn == nil { return .malformed("_HLS_part without _HLS_msn") }
            return .resource(room: UInt32(room), .playlist(msn: msn, part: part, skip: skip))
        }
        if ASCIIBytes.equals(t, name, initName) { return .resource(room: UInt32(room), .initSegment) }
        let m4s = name.count > 4 && ASCIIBytes.equals(t, (name.upperBound - 4)..<name.upperBound, m4sSuffix)
        if m4s, name.count > 7, ASCIIBytes.equals(t, name.lowerBound..<(name.lowerBound + 3), seg),
           let msn = ASCIIBytes.decimal(t, (name.lowerBound + 3)..<(name.upperBound - 4)) {
            return .resource(room: UInt32(room), .segment(msn: msn))
        }
        if m4s, name.count > 8, ASCIIBytes.equals(t, name.lowerBound..<(name.lowerBound + 4), partPrefix) {
            let numbers = (name.lowerBound + 4)..<(name.upperBound - 4)
            if let dot = numbers.first(where: { t[$0] == UInt8(ascii: ".") }),
               let msn = ASCIIBytes.decimal(t, numbers.lowerBound..<dot), let index = ASCIIBytes.decimal(t, (dot + 1)..<numbers.upperBound), index <= UInt64(Int.max) {
                return .resource(room: UInt32(room), .part(msn: msn, index: Int(index)))
            }
        }
        return .unknownName
    }

    private static let rooms = Array("rooms".utf8), index = Array("index.m3u8".utf8), initName = Array("init.mp4".utf8)
    private static let seg = Array("seg".utf8), partPrefix = Array("part".utf8), m4sSuffix = Array(".m4s".utf8)
    private static let hlsMSN = Array("_HLS_msn".utf8), hlsPart = Array("_HLS_part".utf8), hlsSkip = Array("_HLS_skip".utf8)
    private static let yes = Array("YES".utf8), v2 = Array("v2".utf8)
    private static let hlsSuffixes = [Array(".m3u8".utf8), Array(".m4s".utf8), Array(".mp4".utf8)]

    private static func hasHLSSuffix(_ t: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        hlsSuffixes.contains { r.count >= $0.count && ASCIIBytes.equals(t, (r.upperBound - $0.count)..<r.upperBound, $0) }
    }
}
