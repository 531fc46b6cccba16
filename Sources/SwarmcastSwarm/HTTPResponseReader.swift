import Foundation
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
    }

    private var head: [UInt8] = []
    private var status = 0
    private var remaining = 0
    private var inBody = false
    private var keepBody = false
    private var body: [UInt8] = []
    private(set) var bodyBytesSoFar = 0
    /// True between the first byte of a response and its end (a close then truncates it).
    var isMidResponse: Bool { inBody || !head.isEmpty }

    /// Feeds bytes; `keepBody(status)` says whether to store a response's body; `limit` caps it.
    mutating func read(_ bytes: UnsafeRawBufferPointer, keepBody: (Int) -> Bool, limit: Int, onResponse: (Response) -> Void) throws(ReadError) {
        var i = 0
        while i < bytes.count {
            if !inBody {
                head.append(bytes[i])
                i += 1
                if head.count > 16_384 { throw .badHead }
                guard head.count >= 4, head[head.count - 4] == 13, head[head.count - 3] == 10, head[head.count - 2] == 13, head[head.count - 1] == 10 else { continue }
                try startBody(keepBody: keepBody, limit: limit)
                if remaining == 0 { finish(onResponse) }
                continue
            }
            let take = min(remaining, bytes.count - i)
            if self.keepBody { body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<i + take])) }
            bodyBytesSoFar += take
            remaining -= take
            i += take
            if remaining == 0 { finish(onResponse) }
        }
    }

    private mutating func startBody(keepBody: (Int) -> Bool, limit: Int) throws(ReadError) {
        let text = String(decoding: head, as: UTF8.self)
        let lines = text.split(separator: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let code = Int(parts[1]) else { throw .badHead }
        var length: Int?
        for line in lines.dropFirst() {
            let kv = line.split(separator: ":", maxSplits: 1)
            guard kv.count == 2 else { continue }
            let key = kv[0].lowercased()
            let value = kv[1].trimmingCharacters(in: .whitespaces)
            if key == "content-length" { length = Int(value) }
            if key == "transfer-encoding", value.lowercased() != "identity" { throw .noLength }
        }
        guard let length, length >= 0 else { throw .noLength }
        guard length <= limit else { throw .tooLarge }
        status = code
        remaining = length
        inBody = true
        self.keepBody = keepBody(code)
        body = []
        bodyBytesSoFar = 0
        head = []
    }

    private mutating func finish(_ onResponse: (Response) -> Void) {
        inBody = false
        let response = Response(status: status, body: body, bodyBytes: bodyBytesSoFar)
        body = []
        onResponse(response)
    }
}
