import Foundation
import SwarmcastLoop

/// Where an HLS listener's playlist is: the address to connect to, the `Host` header and the path.
struct HLSTarget {
    let address: SocketAddress
    let host: String
    let playlistPath: String

    /// `http://HOST:PORT/PATH` (`{room}` replaced), or our server's `/rooms/R/index.m3u8` on `server`.
    init(url: String?, room: UInt32, server: SocketAddress) throws(LoopError) {
        guard let url else {
            address = server
            host = server.description
            playlistPath = "/rooms/\(room)/index.m3u8"
            return
        }
        let rest = url.replacingOccurrences(of: "{room}", with: String(room)).dropFirst(url.hasPrefix("http://") ? 7 : 0)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let hostPort = String(rest[..<slash])
        address = try SocketAddress(parsing: hostPort.contains(":") ? hostPort : hostPort + ":80")
        host = hostPort
        playlistPath = slash < rest.endIndex ? String(rest[slash...]) : "/"
    }

    /// A playlist URI relative to the playlist's directory (absolute paths pass through;
    /// absolute URLs on another host are not followed: the path part is used).
    func path(for uri: String) -> String {
        if uri.hasPrefix("/") { return uri }
        if uri.hasPrefix("http://") || uri.hasPrefix("https://") {
            let rest = uri.drop { $0 != "/" }.dropFirst(2)
            return rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
        }
        let base = playlistPath.split(separator: "?").first ?? ""
        let dir = base.lastIndex(of: "/").map { base[...$0] } ?? "/"
        return String(dir) + uri
    }
}
