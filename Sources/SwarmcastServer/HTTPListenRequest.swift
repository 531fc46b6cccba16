import Foundation
import SwarmcastWire
/// An HTTP request on the broadcast port: how an Icecast-style listener asks for a room's audio
/// (`GET /rooms/R/listen`, or `/rooms/R/listen.opus` for Ogg/Opus, optionally with `Icy-MetaData: 1`).
struct HTTPListenRequest: Equatable {
    /// GET to listen; HEAD for the response head alone (no listener joins); OPTIONS, a browser's
    /// CORS preflight.
    var method: String
    /// The room asked for, or nil when the path is not `/rooms/R/listen` or `/rooms/R/listen.opus`.
    var room: UInt32?
    /// True for `listen.opus`: the room as Ogg/Opus, which players can play.
    var ogg = false
    /// True when the client asked for ICY metadata blocks.
    var wantsMetadata: Bool

    /// Largest request head accepted.
    static let maximumBytes = 8192

    /// Parses a complete request head (up to the blank line); nil when it is not a GET, HEAD or
    /// OPTIONS request.
    init?(head: [UInt8]) {
        let text = String(decoding: head, as: UTF8.self)
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 3, ["GET", "HEAD", "OPTIONS"].contains(parts[0]), parts[2].hasPrefix("HTTP/1.") else { return nil }
        method = String(parts[0])
        let path = parts[1].split(separator: "?").first.map(String.init) ?? ""
        let segments = path.split(separator: "/")
        ogg = segments.count == 3 && segments[2] == "listen.opus"
        room = segments.count == 3 && segments[0] == "rooms" && (segments[2] == "listen" || ogg) ? UInt32(segments[1]) : nil
        wantsMetadata = lines.dropFirst().contains { line in
            let kv = line.split(separator: ":", maxSplits: 1)
            return kv.count == 2 && kv[0].lowercased() == "icy-metadata" && kv[1].trimmingCharacters(in: .whitespaces) == "1"
        }
    }

    /// True when `bytes` holds the end of a request head.
    static func headIsComplete(_ bytes: [UInt8]) -> Bool { HTTPHead.end(in: bytes) != nil }
}
