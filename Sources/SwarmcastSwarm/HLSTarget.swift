import Foundation
import SwarmcastLoop

/// Where an HLS listener's playlist is: the address to connect to, the `Host` header and the path.
struct HLSTarget {
    let address: SocketAddress
    let host: String
    let playlistPath: String
    /// ` HTTP/1.1`, `Host` and `User-Agent`: the same on every request to this target.
    let requestTail: [UInt8]
    /// The playlist's directory, where relative URIs live.
    let directory: String
    /// The plain reload (`GET playlistPath`), built once and shared by every player of the target:
    /// the request most players send most often.
    let playlistRequest: OutboundPacket
    /// The target's last playlist, parsed (shared by its players: see `PlaylistCache`).
    let playlists = PlaylistCache()
    /// Segment and part requests, built once per URI for all the target's players.
    let mediaRequests = MediaRequestCache()

    /// `http://HOST:PORT/PATH` (`{room}` replaced), or our server's `/rooms/R/index.m3u8` on `server`.
    init(url: String?, room: UInt32, server: SocketAddress) throws(LoopError) {
        guard let url else {
            address = server
            host = server.description
            playlistPath = "/rooms/\(room)/index.m3u8"
            (directory, requestTail) = Self.derived(playlistPath: playlistPath, host: host)
            playlistRequest = OutboundPacket(bytes: Self.request(path: playlistPath, tail: requestTail))
            return
        }
        let rest = url.replacingOccurrences(of: "{room}", with: String(room)).dropFirst(url.hasPrefix("http://") ? 7 : 0)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let hostPort = String(rest[..<slash])
        address = try SocketAddress(parsing: hostPort.contains(":") ? hostPort : hostPort + ":80")
        host = hostPort
        playlistPath = slash < rest.endIndex ? String(rest[slash...]) : "/"
        (directory, requestTail) = Self.derived(playlistPath: playlistPath, host: host)
        playlistRequest = OutboundPacket(bytes: Self.request(path: playlistPath, tail: requestTail))
    }

    /// A playlist URI relative to the playlist's directory (absolute paths pass through;
    /// absolute URLs on another host are not followed: the path part is used).
    func path(for uri: String) -> String {
        if uri.hasPrefix("/") { return uri }
        if uri.hasPrefix("http://") || uri.hasPrefix("https://") {
            let rest = uri.drop { $0 != "/" }.dropFirst(2)
            return rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
        }
        return directory + uri
    }

    /// The playlist path's directory (up to its last `/`, query removed), where relative URIs
    /// live, and the request head's tail; both fixed for the target, so built once.
    private static func derived(playlistPath: String, host: String) -> (String, [UInt8]) {
        let base = playlistPath.split(separator: "?").first ?? ""
        let directory = String(base.lastIndex(of: "/").map { base[...$0] } ?? "/")
        return (directory, Array(" HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: swarmcast/\(swarmcastVersionString)\r\n\r\n".utf8))
    }

    /// A GET of `path` on this target, as bytes: the head's fixed tail is built once per target.
    func request(path: String) -> [UInt8] { Self.request(path: path, tail: requestTail) }

    /// A GET of a playlist URI (see `path(for:)`), as one packet.
    func request(uri: String) -> OutboundPacket {
        mediaRequests.packet(for: uri) { OutboundPacket(bytes: request(path: path(for: uri))) }
    }

    /// The playlist path with `queries` (`_HLS_msn=…`, `_HLS_skip=YES`) added to its own.
    func playlistPath(adding queries: [String]) -> String {
        guard !queries.isEmpty else { return playlistPath }
        return playlistPath + (playlistPath.contains("?") ? "&" : "?") + queries.joined(separator: "&")
    }

    private static func request(path: String, tail: [UInt8]) -> [UInt8] {
        var bytes = get
        bytes.reserveCapacity(bytes.count + path.utf8.count + tail.count)
        bytes.append(contentsOf: path.utf8)
        bytes.append(contentsOf: tail)
        return bytes
    }

    private static let get = Array("GET ".utf8)

}
