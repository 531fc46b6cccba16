import SwarmcastHLS

/// The HLS side of one keep-alive connection: request bytes not yet handled, whether a request
/// is parked, and since when the connection is idle (for the idle deadline).
final class HLSConnection {
    /// Bytes read after the last handled request head (pipelined requests, a partial head).
    var buffer: [UInt8] = []
    /// True while a request waits for its part: later requests wait behind it (HTTP order).
    var waiting = false
    /// True inside the request loop, so that answering does not re-enter it.
    var handling = false
    /// Whether the request being answered lets the connection stay open.
    var keepAlive = true
    /// The request being answered is a HEAD: its answer is the head alone.
    var headOnly = false
    /// The request being answered asked for one byte range (segments and parts answer 206).
    var range: HTTPByteRange?
    /// Monotonic time the connection last finished answering (nil while a request is open).
    var idleSinceNanos: UInt64?
    /// Bytes queued to the peer past which it is closed instead of given more: a client that
    /// pipelines requests and never reads costs only its own connection.
    static let maximumQueuedBytes = 4 << 20
    /// Request bytes (pipelined heads) that may wait unhandled, e.g. behind a parked request.
    static let maximumBufferedBytes = 64 << 10

    init(buffer: [UInt8], now: UInt64) {
        self.buffer = buffer
        idleSinceNanos = now
    }
}

/// One HTTP request head, as much as HLS needs of it.
struct HLSHTTPRequest {
    let method: Substring
    let target: Substring
    /// False for HTTP/1.0 without keep-alive, or `Connection: close`.
    let keepAlive: Bool
    /// A single-range `Range` header (others are ignored: the whole body is the answer).
    let range: HTTPByteRange?

    /// Parses a complete head; nil when it is not an HTTP/1.x request line. Reads the bytes in
    /// place: splitting the head into `String` lines and trimming through Foundation was a
    /// third of an edge's CPU at 12,000 HLS requests a second.
    init?(head: [UInt8]) {
        guard let parsed = head.withUnsafeBufferPointer({ Self.parse($0) }) else { return nil }
        (method, target, keepAlive, range) = parsed
    }

    private static func parse(_ h: UnsafeBufferPointer<UInt8>) -> (Substring, Substring, Bool, HTTPByteRange?)? {
        var lineEnd = 0
        while lineEnd < h.count && h[lineEnd] != 13 && h[lineEnd] != 10 { lineEnd += 1 }
        // METHOD SP TARGET SP HTTP/1.x, exactly three parts.
        guard let space1 = (0..<lineEnd).first(where: { h[$0] == 32 }), space1 > 0,
              let space2 = ((space1 + 1)..<lineEnd).first(where: { h[$0] == 32 }), space2 > space1 + 1,
              !((space2 + 1)..<lineEnd).contains(where: { h[$0] == 32 }),
              lineEnd - space2 - 1 == 8, ASCIIBytes.hasPrefix(h, at: space2 + 1, http1) else { return nil }
        let http11 = h[space2 + 8] == UInt8(ascii: "1")
        var connection: Range<Int>?
        var range: Range<Int>?
        var lineStart = lineEnd
        while lineStart < h.count {
            while lineStart < h.count && (h[lineStart] == 13 || h[lineStart] == 10) { lineStart += 1 }
            var end = lineStart
            while end < h.count && h[end] != 13 && h[end] != 10 { end += 1 }
            defer { lineStart = end }
            guard let colon = (lineStart..<end).first(where: { h[$0] == 58 }) else { continue }
            if ASCIIBytes.equalsIgnoringCase(h, lineStart..<colon, connectionName) {
                connection = ASCIIBytes.trimmingBlanks(h, (colon + 1)..<end)
            } else if ASCIIBytes.equalsIgnoringCase(h, lineStart..<colon, rangeName) {
                range = (colon + 1)..<end
            }
        }
        let keepAlive = http11
            ? !(connection.map { ASCIIBytes.equalsIgnoringCase(h, $0, close) } ?? false)
            : (connection.map { ASCIIBytes.equalsIgnoringCase(h, $0, keepAliveValue) } ?? false)
        func text(_ r: Range<Int>) -> Substring { Substring(String(decoding: UnsafeBufferPointer(rebasing: h[r]), as: UTF8.self)) }
        return (text(0..<space1), text((space1 + 1)..<space2), keepAlive, range.flatMap { HTTPByteRange(headerValue: text($0)) })
    }

    private static let http1 = Array("HTTP/1.".utf8)
    private static let connectionName = Array("connection".utf8), rangeName = Array("range".utf8)
    private static let close = Array("close".utf8)
    private static let keepAliveValue = Array("keep-alive".utf8)

    /// True when a complete head's request line names an HLS resource (`/rooms/R/*.m3u8|.m4s|.mp4`).
    static func isHLS(head: [UInt8]) -> Bool {
        guard let request = HLSHTTPRequest(head: head) else { return false }
        return HLSRequestTarget.parse(request.target) != .notHLS
    }
}
