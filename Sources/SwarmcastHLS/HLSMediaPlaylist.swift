import Foundation

/// Why a playlist could not be read: a listener counts it (`protocol-error:playlist`) and never crashes.
public struct HLSPlaylistError: Error, Equatable, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
}

/// A media playlist as an HLS listener needs it (RFC 8216bis): its segments with media sequence
/// numbers, durations and dates, LL-HLS parts, server control and the preload hint. Lenient
/// about tags it does not use, strict about the ones it does.
public struct HLSMediaPlaylist: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        public var uri: String
        public var duration: Double
        public var independent: Bool
        /// Capture time of the part's first sample: its segment's date plus the parts before it.
        public var dateNanos: UInt64?
    }

    public struct Segment: Sendable, Equatable {
        public var msn: UInt64
        public var uri: String
        public var duration: Double
        /// `EXT-X-PROGRAM-DATE-TIME`, or the previous segment's date plus its duration.
        public var dateNanos: UInt64?
        public var parts: [Part]
    }

    public var version = 1
    public var targetDuration: Double = 0
    public var mediaSequence: UInt64 = 0
    public var partTarget: Double?
    public var canBlockReload = false
    public var partHoldBack: Double?
    public var mapURI: String?
    public var segments: [Segment] = []
    /// Parts of the segment in progress (after the last complete segment), msn `nextMSN`.
    public var openParts: [Part] = []
    public var preloadHintURI: String?
    public var endList = false

    /// The media sequence number the next (or open) segment has.
    public var nextMSN: UInt64 { mediaSequence + UInt64(segments.count) }

    /// Largest playlist accepted, so a hostile server cannot make a listener parse forever.
    public static let maximumBytes = 1 << 20

    public static func parse(_ text: String) throws(HLSPlaylistError) -> HLSMediaPlaylist {
        var p = HLSMediaPlaylist()
        var sawHeader = false
        var sawTarget = false
        var pendingDuration: Double?
        var pendingDate: UInt64?
        var pendingParts: [Part] = []
        var nextDate: UInt64?
        var lineNumber = 0
        func fail(_ message: String) -> HLSPlaylistError { HLSPlaylistError(line: lineNumber, message: message) }
        func number(_ s: Substring) throws(HLSPlaylistError) -> Double {
            guard let v = Double(s.trimmingCharacters(in: .whitespaces)), v.isFinite, v >= 0 else { throw fail("not a number: \(s.prefix(40))") }
            return v
        }
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty { continue }
            if !sawHeader {
                guard line == "#EXTM3U" else { throw fail("does not start with #EXTM3U") }
                sawHeader = true
                continue
            }
            guard line.hasPrefix("#") else {
                guard let duration = pendingDuration else { throw fail("a URI without #EXTINF") }
                let date = pendingDate ?? nextDate
                let parts = Self.dated(pendingParts, from: date)
                p.segments.append(Segment(msn: p.mediaSequence + UInt64(p.segments.count), uri: String(line), duration: duration, dateNanos: date, parts: parts))
                nextDate = date.map { $0 + UInt64(duration * 1e9) }
                pendingDuration = nil
                pendingDate = nil
                pendingParts = []
                continue
            }
            guard line.hasPrefix("#EXT") else { continue }  // a comment
            let colon = line.firstIndex(of: ":")
            let tag = colon.map { line[..<$0] } ?? line
            let value = colon.map { line[line.index(after: $0)...] } ?? ""
            switch tag {
            case "#EXT-X-VERSION":
                p.version = Int(try number(value))
            case "#EXT-X-TARGETDURATION":
                p.targetDuration = try number(value)
                sawTarget = true
            case "#EXT-X-MEDIA-SEQUENCE":
                guard p.segments.isEmpty, let v = UInt64(value) else { throw fail("bad #EXT-X-MEDIA-SEQUENCE") }
                p.mediaSequence = v
            case "#EXTINF":
                pendingDuration = try number(value.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)[0])
            case "#EXT-X-PROGRAM-DATE-TIME":
                guard let date = ProgramDateTime.parse(value) else { throw fail("bad #EXT-X-PROGRAM-DATE-TIME") }
                pendingDate = date
            case "#EXT-X-PART":
                let a = Self.attributes(value)
                guard let uri = a["URI"], let d = a["DURATION"] else { throw fail("#EXT-X-PART without URI or DURATION") }
                pendingParts.append(Part(uri: uri, duration: try number(d[...]), independent: a["INDEPENDENT"] == "YES", dateNanos: nil))
            case "#EXT-X-PART-INF":
                guard let t = Self.attributes(value)["PART-TARGET"] else { throw fail("#EXT-X-PART-INF without PART-TARGET") }
                p.partTarget = try number(t[...])
            case "#EXT-X-SERVER-CONTROL":
                let a = Self.attributes(value)
                p.canBlockReload = a["CAN-BLOCK-RELOAD"] == "YES"
                if let h = a["PART-HOLD-BACK"] { p.partHoldBack = try number(h[...]) }
            case "#EXT-X-MAP":
                p.mapURI = Self.attributes(value)["URI"]
            case "#EXT-X-PRELOAD-HINT":
                let a = Self.attributes(value)
                if a["TYPE"] == "PART" { p.preloadHintURI = a["URI"] }
            case "#EXT-X-ENDLIST":
                p.endList = true
            case "#EXT-X-STREAM-INF", "#EXT-X-I-FRAME-STREAM-INF":
                throw fail("a multivariant (master) playlist: give the media playlist's URL")
            default:
                continue
            }
        }
        guard sawHeader else { throw fail("empty") }
        guard sawTarget else { throw fail("no #EXT-X-TARGETDURATION") }
        p.openParts = Self.dated(pendingParts, from: pendingDate ?? nextDate)
        return p
    }

    /// Parts with dates: the segment's date plus the durations before each.
    static func dated(_ parts: [Part], from date: UInt64?) -> [Part] {
        guard let date else { return parts }
        var offset = 0.0
        return parts.map { part in
            var p = part
            p.dateNanos = date + UInt64(offset * 1e9)
            offset += part.duration
            return p
        }
    }

    /// `KEY=VALUE,KEY="quoted, value"` attribute lists.
    public static func attributes(_ text: Substring) -> [String: String] {
        var out: [String: String] = [:]
        var i = text.startIndex
        while i < text.endIndex {
            guard let eq = text[i...].firstIndex(of: "=") else { break }
            let key = text[i..<eq].trimmingCharacters(in: .whitespaces)
            var j = text.index(after: eq)
            var value: Substring
            if j < text.endIndex && text[j] == "\"" {
                let start = text.index(after: j)
                let close = text[start...].firstIndex(of: "\"") ?? text.endIndex
                value = text[start..<close]
                j = close < text.endIndex ? text.index(after: close) : close
            } else {
                let end = text[j...].firstIndex(of: ",") ?? text.endIndex
                value = text[j..<end]
                j = end
            }
            out[key] = String(value)
            if j < text.endIndex, text[j] == "," { j = text.index(after: j) }
            i = j
        }
        return out
    }
}
