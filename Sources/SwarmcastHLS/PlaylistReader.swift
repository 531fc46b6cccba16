/// The media playlist parser proper: one pass over UTF-8 bytes, lines and attributes as ranges
/// of the buffer, `String`s made only for the URIs a listener will request.
struct PlaylistReader {
    let b: UnsafeBufferPointer<UInt8>
    private var lineNumber = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { b = bytes }

    private func fail(_ message: String) -> HLSPlaylistError { HLSPlaylistError(line: lineNumber, message: message) }

    mutating func read() throws(HLSPlaylistError) -> HLSMediaPlaylist {
        var p = HLSMediaPlaylist()
        var sawHeader = false, sawTarget = false
        var pendingDuration: Double?
        var pendingDate: UInt64?
        var pendingParts: [HLSMediaPlaylist.Part] = []
        var nextDate: UInt64?
        var start = 0
        while start < b.count {
            var end = start
            while end < b.count && b[end] != 10 { end += 1 }
            let next = end + 1
            if end > start && b[end - 1] == 13 { end -= 1 }
            lineNumber += 1
            defer { start = next }
            let line = start..<end
            if line.isEmpty { continue }
            if !sawHeader {
                guard equals(line, Tag.header) else { throw fail("does not start with #EXTM3U") }
                sawHeader = true
                continue
            }
            guard b[start] == UInt8(ascii: "#") else {
                guard let duration = pendingDuration else { throw fail("a URI without #EXTINF") }
                let date = pendingDate ?? nextDate
                p.segments.append(.init(msn: p.mediaSequence + p.skippedSegments + UInt64(p.segments.count), uri: text(line), duration: duration,
                                        dateNanos: date, parts: HLSMediaPlaylist.dated(pendingParts, from: date)))
                nextDate = date.map { $0 + UInt64(duration * 1e9) }
                pendingDuration = nil
                pendingDate = nil
                pendingParts = []
                continue
            }
            guard matches(line, Tag.ext) else { continue }  // a comment
            var colon = start
            while colon < end && b[colon] != UInt8(ascii: ":") { colon += 1 }
            let tag = start..<colon
            let value = min(colon + 1, end)..<end
            if equals(tag, Tag.version) {
                p.version = Int(try number(value))
            } else if equals(tag, Tag.targetDuration) {
                p.targetDuration = try number(value)
                sawTarget = true
            } else if equals(tag, Tag.mediaSequence) {
                guard p.segments.isEmpty, let v = ASCIIBytes.decimal(b, value) else { throw fail("bad #EXT-X-MEDIA-SEQUENCE") }
                p.mediaSequence = v
            } else if equals(tag, Tag.inf) {
                var comma = value.lowerBound
                while comma < end && b[comma] != UInt8(ascii: ",") { comma += 1 }
                pendingDuration = try number(value.lowerBound..<comma)
            } else if equals(tag, Tag.programDateTime) {
                guard let date = ProgramDateTime.parse(bytes: UnsafeBufferPointer(rebasing: b[value])) else { throw fail("bad #EXT-X-PROGRAM-DATE-TIME") }
                pendingDate = date
            } else if equals(tag, Tag.part) {
                guard let uri = attribute(Tag.uri, in: value), let d = attribute(Tag.duration, in: value) else { throw fail("#EXT-X-PART without URI or DURATION") }
                let independent = attribute(Tag.independent, in: value).map { equals($0, Tag.yes) } ?? false
                pendingParts.append(.init(uri: text(uri), duration: try number(d), independent: independent, dateNanos: nil))
            } else if equals(tag, Tag.partInf) {
                guard let t = attribute(Tag.partTarget, in: value) else { throw fail("#EXT-X-PART-INF without PART-TARGET") }
                p.partTarget = try number(t)
            } else if equals(tag, Tag.serverControl) {
                p.canBlockReload = attribute(Tag.canBlockReload, in: value).map { equals($0, Tag.yes) } ?? false
                if let h = attribute(Tag.partHoldBack, in: value) { p.partHoldBack = try number(h) }
                if let h = attribute(Tag.holdBack, in: value) { p.holdBack = try number(h) }
                if let h = attribute(Tag.canSkipUntil, in: value) { p.skipBoundary = try number(h) }
            } else if equals(tag, Tag.skip) {
                guard p.segments.isEmpty, let n = attribute(Tag.skippedSegments, in: value), let v = ASCIIBytes.decimal(b, n) else {
                    throw fail("#EXT-X-SKIP without SKIPPED-SEGMENTS, or after a segment")
                }
                p.skippedSegments = v
            } else if equals(tag, Tag.map) {
                p.mapURI = attribute(Tag.uri, in: value).map(text)
            } else if equals(tag, Tag.preloadHint) {
                if let type = attribute(Tag.type, in: value), equals(type, Tag.partType) { p.preloadHintURI = attribute(Tag.uri, in: value).map(text) }
            } else if equals(tag, Tag.endList) {
                p.endList = true
            } else if equals(tag, Tag.streamInf) || equals(tag, Tag.iFrameStreamInf) {
                throw fail("a multivariant (master) playlist: give the media playlist's URL")
            }
        }
        guard sawHeader else { throw fail("empty") }
        guard sawTarget else { throw fail("no #EXT-X-TARGETDURATION") }
        p.openParts = HLSMediaPlaylist.dated(pendingParts, from: pendingDate ?? nextDate)
        return p
    }

    private func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self) }

    private func matches(_ r: Range<Int>, _ prefix: [UInt8]) -> Bool { r.count >= prefix.count && ASCIIBytes.hasPrefix(b, at: r.lowerBound, prefix) }

    private func equals(_ r: Range<Int>, _ word: [UInt8]) -> Bool { ASCIIBytes.equals(b, r, word) }

    /// A decimal-floating-point (`2`, `2.000000`, ` 0.5 `): digits, an optional fraction, blanks
    /// around (spaces and tabs, as the String parser before it trimmed); anything else, a sign
    /// included, is "not a number".
    private func number(_ r: Range<Int>) throws(HLSPlaylistError) -> Double {
        let digitsRange = ASCIIBytes.trimmingBlanks(b, r)
        var i = digitsRange.lowerBound
        let end = digitsRange.upperBound
        // The digits as one integer over a power of ten: both exact, so the one division rounds
        // correctly ("0.300" is 0.3, as Double("0.300") gives).
        var mantissa: UInt64 = 0, divisor = 1.0, digits = 0
        while i < end, b[i] >= 48 && b[i] <= 57 { mantissa = mantissa &* 10 &+ UInt64(b[i] - 48); i += 1; digits += 1 }
        if i < end && b[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, b[i] >= 48 && b[i] <= 57 { mantissa = mantissa &* 10 &+ UInt64(b[i] - 48); divisor *= 10; i += 1; digits += 1 }
        }
        guard digits > 0, i == end, digits <= 18 else {
            throw fail("not a number: \(String(decoding: UnsafeBufferPointer(rebasing: b[r.lowerBound..<min(r.upperBound, r.lowerBound + 40)]), as: UTF8.self))")
        }
        return Double(mantissa) / divisor
    }

    /// The value of attribute `key` in an attribute list, without its quotes.
    private func attribute(_ key: [UInt8], in r: Range<Int>) -> Range<Int>? {
        var found: Range<Int>?
        AttributeScanner.forEach(in: b, r) { k, v in
            if equals(ASCIIBytes.trimmingBlanks(b, k), key) { found = v; return false }
            return true
        }
        return found
    }

    /// Tags and attribute names as bytes.
    private enum Tag {
        static let header = Array("#EXTM3U".utf8), ext = Array("#EXT".utf8)
        static let version = Array("#EXT-X-VERSION".utf8), targetDuration = Array("#EXT-X-TARGETDURATION".utf8)
        static let mediaSequence = Array("#EXT-X-MEDIA-SEQUENCE".utf8), inf = Array("#EXTINF".utf8)
        static let programDateTime = Array("#EXT-X-PROGRAM-DATE-TIME".utf8), part = Array("#EXT-X-PART".utf8)
        static let partInf = Array("#EXT-X-PART-INF".utf8), serverControl = Array("#EXT-X-SERVER-CONTROL".utf8)
        static let map = Array("#EXT-X-MAP".utf8), preloadHint = Array("#EXT-X-PRELOAD-HINT".utf8)
        static let endList = Array("#EXT-X-ENDLIST".utf8), streamInf = Array("#EXT-X-STREAM-INF".utf8)
        static let iFrameStreamInf = Array("#EXT-X-I-FRAME-STREAM-INF".utf8)
        static let uri = Array("URI".utf8), duration = Array("DURATION".utf8), independent = Array("INDEPENDENT".utf8)
        static let partTarget = Array("PART-TARGET".utf8), canBlockReload = Array("CAN-BLOCK-RELOAD".utf8)
        static let holdBack = Array("HOLD-BACK".utf8), canSkipUntil = Array("CAN-SKIP-UNTIL".utf8)
        static let skip = Array("#EXT-X-SKIP".utf8), skippedSegments = Array("SKIPPED-SEGMENTS".utf8)
        static let partHoldBack = Array("PART-HOLD-BACK".utf8), type = Array("TYPE".utf8), partType = Array("PART".utf8)
        static let yes = Array("YES".utf8)
    }
}

/// Walks `KEY=VALUE,KEY="quoted, value"` lists as byte ranges.
enum AttributeScanner {
    /// Calls `body(key, value)` for each attribute until it returns false; quoted values come
    /// without their quotes, and a comma inside quotes does not end the value.
    static func forEach(in b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ body: (Range<Int>, Range<Int>) -> Bool) {
        var i = r.lowerBound
        while i < r.upperBound {
            var eq = i
            while eq < r.upperBound && b[eq] != UInt8(ascii: "=") { eq += 1 }
            guard eq < r.upperBound else { return }
            var j = eq + 1
            let value: Range<Int>
            if j < r.upperBound && b[j] == UInt8(ascii: "\"") {
                var close = j + 1
                while close < r.upperBound && b[close] != UInt8(ascii: "\"") { close += 1 }
                value = (j + 1)..<close
                j = min(close + 1, r.upperBound)
            } else {
                var comma = j
                while comma < r.upperBound && b[comma] != UInt8(ascii: ",") { comma += 1 }
                value = j..<comma
                j = comma
            }
            guard body(i..<eq, value) else { return }
            if j < r.upperBound && b[j] == UInt8(ascii: ",") { j += 1 }
            i = j
        }
    }
}
