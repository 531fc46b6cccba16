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

    /// Parses a complete head; nil when it is not an HTTP/1.x request line.
    init?(head: [UInt8]) {
        let text = String(decoding: head, as: UTF8.self)
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { return nil }
        method = parts[0]
        target = parts[1]
        var connection = ""
        for line in lines.dropFirst() {
            let kv = line.split(separator: ":", maxSplits: 1)
            if kv.count == 2, kv[0].lowercased() == "connection" { connection = kv[1].trimmingCharacters(in: .whitespaces).lowercased() }
        }
        keepAlive = parts[2] == "HTTP/1.1" ? connection != "close" : connection == "keep-alive"
    }

    /// True when a complete head's request line names an HLS resource (`/rooms/R/*.m3u8|.m4s|.mp4`).
    static func isHLS(head: [UInt8]) -> Bool {
        guard let request = HLSHTTPRequest(head: head) else { return false }
        return HLSRequestTarget.parse(request.target) != .notHLS
    }
}
