#if canImport(Glibc)
import Glibc
#endif
import SwarmcastHLS
import SwarmcastWire

/// Reads HTTP/1.1 responses off a keep-alive connection, one after another: head, then a
/// `Content-Length` body. Only bodies the caller wants kept are stored (playlists); media bodies
/// are only counted. A response it cannot frame (chunked, no length, too large, garbage) is an
/// error the listener counts, never a crash.
struct HTTPResponseReader {
    enum ReadError: Error, Equatable { case badHead, noLength, tooLarge }

    struct Response {
        let status: Int
        let body: [UInt8]
        let bodyBytes: Int
        /// `X-Swarmcast-Published` (ns): when our server published this segment or part.
        var publishedNanos: UInt64? = nil
    }

    private var head: [UInt8] = []
    private var status = 0
    private var publishedNanos: UInt64?
    private var remaining = 0
    private var inBody = false
    private var keepBody = false
    private var body: [UInt8] = []
    private(set) var bodyBytesSoFar = 0
    /// True between the first byte of a response and its end (a close then truncates it).
    var isMidResponse: Bool { inBody || !head.isEmpty }

    /// Feeds bytes; `keepBody(status)` says whether to store a response's body; `limit` caps it.
    mutating func read(_ bytes: UnsafeRawBufferPointer, keepBody: (Int) -> Bool, limit: Int, onResponse: (Response) -> Void) throws(ReadError) {
        let input = bytes.bindMemory(to: UInt8.self)
        var i = 0
        while i < input.count {
            if !inBody {
                // A head that starts in this read and ends in it (the usual case) is parsed where
                // it lies; only a head split across reads is gathered byte by byte.
                if head.isEmpty, let end = Self.headEnd(input, from: i) {
                    try startBody(UnsafeBufferPointer(rebasing: input[i..<end]), keepBody: keepBody, limit: limit)
                    i = end
                    if remaining == 0 { finish(onResponse) }
                    continue
                }
                if head.isEmpty {
                    // No end of head here: keep the rest, and look for the end as more comes.
                    head.append(contentsOf: UnsafeBufferPointer(rebasing: input[i...]))
                    if head.count > Self.maximumHeadBytes { throw .badHead }
                    return
                }
                head.append(input[i])
                i += 1
                if head.count > Self.maximumHeadBytes { throw .badHead }
                guard head.count >= 4, head[head.count - 4] == 13, head[head.count - 3] == 10, head[head.count - 2] == 13, head[head.count - 1] == 10 else { continue }
                let gathered = head
                try gathered.withUnsafeBufferPointer { (h) throws(ReadError) in try startBody(h, keepBody: keepBody, limit: limit) }
                if remaining == 0 { finish(onResponse) }
                continue
            }
            let take = min(remaining, input.count - i)
            if self.keepBody { body.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<i + take])) }
            bodyBytesSoFar += take
            remaining -= take
            i += take
            if remaining == 0 { finish(onResponse) }
        }
    }

    private static let maximumHeadBytes = 16_384

    /// The index just past the first CR LF CR LF at or after `start`, or nil.
    private static func headEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var j = start
        while j + 3 < bytes.count {
            if bytes[j + 3] != 10 { j += bytes[j + 3] == 13 ? 1 : 4; continue }
            if bytes[j] == 13, bytes[j + 1] == 10, bytes[j + 2] == 13 { return j + 4 }
            j += 1
        }
        return nil
    }

    /// Parses the head in place, on bytes: `String` splitting and Foundation trimming here cost a
    /// third of an HLS agent's CPU (one head per request, ~6,000 a second at 10,000 listeners).
    private mutating func startBody(_ h: UnsafeBufferPointer<UInt8>, keepBody: (Int) -> Bool, limit: Int) throws(ReadError) {
        let (code, length, published) = try Self.parseHead(h)
        guard length <= limit else { throw .tooLarge }
        status = code
        publishedNanos = published
        remaining = length
        inBody = true
        self.keepBody = keepBody(code)
        body = []
        bodyBytesSoFar = 0
        head = []
    }

    /// The status code, `Content-Length` and `X-Swarmcast-Published` (when present and a
    /// number) of a head ending in CRLF CRLF; a chunked or other encoded body, or no length, is
    /// `noLength`.
    static func parseHead(_ h: UnsafeBufferPointer<UInt8>) throws(ReadError) -> (status: Int, length: Int, publishedNanos: UInt64?) {
        var lineStart = 0
        var status: Int?
        var length: Int?
        var published: UInt64?
        while lineStart < h.count {
            let lineEnd = Self.lineEnd(h, from: lineStart)
            defer { lineStart = lineEnd + 2 }
            if lineEnd == lineStart { continue }
            guard status != nil else {
                // HTTP/1.x SP 3DIGIT [SP reason]
                guard lineEnd - lineStart >= 12, ASCIIBytes.hasPrefix(h, at: lineStart, httpPrefix), h[lineStart + 8] == 32 else { throw .badHead }
                var code = 0
                for i in (lineStart + 9)..<(lineStart + 12) {
                    guard h[i] >= 48 && h[i] <= 57 else { throw .badHead }
                    code = code * 10 + Int(h[i] - 48)
                }
                guard lineStart + 12 == lineEnd || h[lineStart + 12] == 32 else { throw .badHead }
                status = code
                continue
            }
            guard let colon = Self.index(of: 58, in: h, lineStart..<lineEnd) else { continue }
            // Only three names matter; their lengths (14, 17, 21) rule out nearly every other
            // header before any byte comparison (this parse ran once per HLS response: issue 21).
            let nameLength = colon - lineStart
            guard nameLength == 14 || nameLength == 17 || nameLength == 21 else { continue }
            let value = ASCIIBytes.trimmingBlanks(h, (colon + 1)..<lineEnd)
            if ASCIIBytes.equalsIgnoringCase(h, lineStart..<colon, contentLength) {
                guard !value.isEmpty, value.count <= 18 else { length = nil; continue }
                guard let v = ASCIIBytes.decimal(h, value) else { throw .noLength }
                length = Int(v)
            } else if ASCIIBytes.equalsIgnoringCase(h, lineStart..<colon, transferEncoding), !ASCIIBytes.equalsIgnoringCase(h, value, identity) {
                throw .noLength
            } else if ASCIIBytes.equalsIgnoringCase(h, lineStart..<colon, swarmcastPublished), !value.isEmpty, value.count <= 19 {
                published = ASCIIBytes.decimal(h, value)
            }
        }
        guard let status else { throw .badHead }
        guard let length else { throw .noLength }
        return (status, length, published)
    }

    /// Where the line starting at `start` ends: its CR LF, or the end of the head. The scans use
    /// memchr (vectorised in libc): byte-by-byte loops over a ~250-byte nginx head were most of
    /// this parse, which runs once per HLS response.
    private static func lineEnd(_ h: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var from = start
        while let lf = index(of: 10, in: h, from..<h.count) {
            if lf > start && h[lf - 1] == 13 { return lf - 1 }
            from = lf + 1
        }
        return h.count
    }

    /// The first index of `byte` in `range` of `h`, or nil.
    private static func index(of byte: UInt8, in h: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, let base = h.baseAddress,
              let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    private static let httpPrefix = Array("HTTP/1.".utf8)
    private static let contentLength = Array("content-length".utf8)
    private static let transferEncoding = Array("transfer-encoding".utf8)
    private static let identity = Array("identity".utf8)
    private static let swarmcastPublished = Array("x-swarmcast-published".utf8)

    private mutating func finish(_ onResponse: (Response) -> Void) {
        inBody = false
        let response = Response(status: status, body: body, bodyBytes: bodyBytesSoFar, publishedNanos: publishedNanos)
        body = []
        onResponse(response)
    }
}
