import Foundation
import SwarmcastTestSupport
import Testing

/// Rooms as LL-HLS on the listening port: keep-alive requests, status codes, metrics, and
/// Debian's ffmpeg reading the live playlist without a decode error.
@Suite(.serialized)
struct HLSServeTests {
    /// Short segments so the window fills in a few seconds.
    static let flags = ["--segment-duration", "1s", "--part-duration", "200ms", "--playlist-segments", "6"]

    /// GETs `path` on a fresh connection (HTTP/1.0, closed after the answer).
    static func get(_ server: ServerProcess, _ path: String) throws -> String {
        let client = try TestClient(connectingTo: server.listen)
        client.send(Array("GET \(path) HTTP/1.0\r\n\r\n".utf8))
        return String(decoding: client.readToEnd(timeout: 5), as: UTF8.self)
    }

    /// Waits (bounded) until the playlist lists `segments` complete segments.
    static func waitForSegments(_ server: ServerProcess, _ segments: Int) throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if try get(server, "/rooms/1/index.m3u8").components(separatedBy: "#EXTINF").count > segments { return }
            usleep(200_000)
        }
        Issue.record("the playlist never listed \(segments) segments")
    }

    @Test func keepAliveRequestsArePipelinedAndCounted() throws {
        let server = try ServerProcess(Self.flags)
        try Self.waitForSegments(server, 1)
        let client = try TestClient(connectingTo: server.listen)
        client.send(Array("GET /rooms/1/init.mp4 HTTP/1.1\r\nHost: x\r\n\r\nGET /rooms/1/index.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        let text = String(decoding: client.readToEnd(timeout: 1), as: UTF8.self)
        #expect(text.components(separatedBy: "HTTP/1.1 200 OK\r\n").count == 3, "\(text.prefix(300))")
        #expect(!client.closedByPeer, "keep-alive")
        #expect(text.contains("Content-Type: application/vnd.apple.mpegurl\r\n"))
        #expect(text.contains("#EXT-X-PROGRAM-DATE-TIME:"))
        client.send(Array("GET /rooms/1/index.m3u8?_HLS_part=2 HTTP/1.1\r\n\r\n".utf8))
        #expect(String(decoding: client.readToEnd(timeout: 1), as: UTF8.self).hasPrefix("HTTP/1.1 400 Bad Request"))
        #expect(try Self.get(server, "/rooms/1/seg999.m4s").hasPrefix("HTTP/1.1 404"))
        #expect(try Self.get(server, "/rooms/5/index.m3u8").hasPrefix("HTTP/1.1 404"))
        #expect(server.metric("swarmcast_hls_requests_total{kind=\"init\",status=\"200\"}") == 1)
        #expect(server.metric("swarmcast_hls_requests_total{kind=\"bad-request\",status=\"400\"}") == 1)
    }

    /// What browsers and CDN edges send: CORS preflights, HEAD, single byte ranges, delta
    /// playlist updates; on playlists, segments, parts and `listen.opus` alike.
    @Test func browsersAndCDNsGetCORSHeadRangesAndDeltaUpdates() throws {
        let server = try ServerProcess(Self.flags + ["--playlist-segments", "12"])
        try Self.waitForSegments(server, 8)
        let playlist = try Self.get(server, "/rooms/1/index.m3u8")
        #expect(playlist.contains("Access-Control-Allow-Origin: *\r\n"))
        #expect(playlist.contains("#EXT-X-INDEPENDENT-SEGMENTS\n") && playlist.contains("CAN-SKIP-UNTIL=6.000"))
        let segment = try #require(playlist.split(separator: "\n").last { $0.hasPrefix("seg") })
        func ask(_ method: String, _ path: String, _ headers: String = "") throws -> String {
            let client = try TestClient(connectingTo: server.listen)
            client.send(Array("\(method) \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\(headers)\r\n".utf8))
            return String(decoding: client.readToEnd(timeout: 3), as: UTF8.self)
        }
        let whole = try ask("GET", "/rooms/1/\(segment)")
        let length = try #require(whole.components(separatedBy: "Content-Length: ").dropFirst().first?.prefix { $0.isNumber }).description
        #expect(whole.contains("Accept-Ranges: bytes\r\n"))
        let ranged = try ask("GET", "/rooms/1/\(segment)", "Range: bytes=0-99\r\n")
        #expect(ranged.hasPrefix("HTTP/1.1 206 Partial Content\r\n") && ranged.contains("Content-Range: bytes 0-99/\(length)\r\n"), "\(ranged.prefix(300))")
        #expect(ranged.contains("Content-Length: 100\r\n"))
        let raw = try TestClient(connectingTo: server.listen)
        raw.send(Array("GET /rooms/1/\(segment) HTTP/1.1\r\nConnection: close\r\nRange: bytes=-64\r\n\r\n".utf8))
        let bytes = raw.readToEnd(timeout: 3)
        let headEnd = try #require((0..<max(0, bytes.count - 3)).first { bytes[$0..<$0 + 4].elementsEqual([13, 10, 13, 10]) })
        #expect(bytes.count - headEnd - 4 == 64, "a suffix range sends exactly its bytes")
        let beyond = try ask("GET", "/rooms/1/\(segment)", "Range: bytes=\(length)-\r\n")
        #expect(beyond.hasPrefix("HTTP/1.1 416 ") && beyond.contains("Content-Range: bytes */\(length)\r\n"))
        for path in ["/rooms/1/index.m3u8", "/rooms/1/\(segment)", "/rooms/1/init.mp4", "/rooms/1/listen.opus"] {
            let head = try ask("HEAD", path)
            #expect(head.hasPrefix("HTTP/1.") && head.contains(" 200 "), "HEAD \(path): \(head.prefix(120))")
            #expect(head.hasSuffix("\r\n\r\n"), "HEAD \(path) sends the head alone")
            #expect(head.contains("Access-Control-Allow-Origin: *\r\n"), "HEAD \(path)")
            let preflight = try ask("OPTIONS", path, "Origin: http://player.example\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: range\r\n")
            #expect(preflight.contains(" 204 ") && preflight.contains("Access-Control-Allow-Methods: GET, HEAD, OPTIONS\r\n"), "OPTIONS \(path): \(preflight.prefix(200))")
            #expect(preflight.contains("Access-Control-Allow-Headers: Range, Icy-MetaData\r\n"), "OPTIONS \(path)")
        }
        let refused = try ask("POST", "/rooms/1/index.m3u8")
        #expect(refused.hasPrefix("HTTP/1.1 405 ") && refused.contains("Allow: GET, HEAD, OPTIONS\r\n"), "\(refused.prefix(200))")
        let delta = try ask("GET", "/rooms/1/index.m3u8?_HLS_skip=YES")
        #expect(delta.contains("#EXT-X-SKIP:SKIPPED-SEGMENTS="), "\(delta.prefix(600))")
        #expect(delta.utf8.count < playlist.utf8.count)
    }

    @Test func aBlockingReloadWaitsForItsPart() throws {
        let server = try ServerProcess(Self.flags)
        try Self.waitForSegments(server, 1)
        let playlist = try Self.get(server, "/rooms/1/index.m3u8")
        let hint = try #require(playlist.components(separatedBy: "PRELOAD-HINT:TYPE=PART,URI=\"part").last?.split(separator: "\"").first)
        let numbers = hint.dropLast(4).split(separator: ".")
        let started = Date()
        let answer = try Self.get(server, "/rooms/1/index.m3u8?_HLS_msn=\(numbers[0])&_HLS_part=\(numbers[1])")
        #expect(answer.hasPrefix("HTTP/1.1 200 OK"))
        #expect(answer.contains("part\(hint)"))
        #expect(Date().timeIntervalSince(started) < 2)
        #expect((server.metric("swarmcast_hls_parked_requests_total") ?? 0) >= 1)
    }

    @Test func idleAndHalfSentHLSConnectionsAreClosedAtTheHandshakeDeadline() throws {
        let server = try ServerProcess(Self.flags + ["--handshake-timeout", "1s"])
        let idle = try TestClient(connectingTo: server.listen)
        idle.send(Array("GET /rooms/1/init.mp4 HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        let slow = try TestClient(connectingTo: server.listen)
        slow.send(Array("GET /rooms/1/index.m3u8 HTTP/1.1\r\n".utf8))
        #expect(idle.waitForClose(timeout: 4), "an idle keep-alive connection is closed")
        #expect(slow.waitForClose(timeout: 4), "a request head that never ends is closed")
        let good = try TestClient(connectingTo: server.listen)
        good.send(Array("GET /rooms/1/init.mp4 HTTP/1.0\r\n\r\n".utf8))
        #expect(String(decoding: good.readToEnd(timeout: 3), as: UTF8.self).hasPrefix("HTTP/1.1 200 OK"), "others are served")
        #expect(server.metric("swarmcast_disconnects_total{reason=\"hls-idle-timeout\"}") == 1)
        #expect(server.metric("swarmcast_disconnects_total{reason=\"handshake-timeout\"}") == 1)
    }

    @Test func edgesServeTheSameSegmentBytes() throws {
        let server = try ServerProcess(Self.flags + ["--workers", "2", "--origin", "127.0.0.1:\(ServerProcess.freePort())"])
        // Edges open the port once their origin's settings arrive.
        let deadline = Date().addingTimeInterval(15)
        while (try? TestClient(connectingTo: server.listen)) == nil && Date() < deadline { usleep(100_000) }
        // Ask on several connections, so that the kernel's SO_REUSEPORT spread reaches both edges.
        for _ in 0..<12 { _ = try Self.get(server, "/rooms/1/init.mp4") }
        try Self.waitForSegments(server, 2)
        let playlist = try Self.get(server, "/rooms/1/index.m3u8")
        let newest = try #require(playlist.split(separator: "\n").last { $0.hasPrefix("seg") })
        var bodies: Set<String> = []
        for _ in 0..<12 {
            let answer = try Self.get(server, "/rooms/1/\(newest)")
            #expect(answer.hasPrefix("HTTP/1.1 200 OK"), "\(answer.prefix(80))")
            bodies.insert(String(answer.split(separator: "\r\n\r\n", maxSplits: 1).last ?? ""))
        }
        #expect(bodies.count == 1, "one segment name, one set of bytes on every edge")
        // Edges push their counters once a second: the origin's sum catches up within a few.
        let wanted = "swarmcast_hls_requests_total{kind=\"segment\",status=\"200\"} 12\n"
        let until = Date().addingTimeInterval(5)
        var origin = ""
        while Date() < until {
            origin = server.httpGet("/metrics") ?? ""
            if origin.contains(wanted) { break }
            usleep(200_000)
        }
        #expect(origin.contains(wanted), "the origin sums its edges' HLS counts")
    }

    @Test func ffmpegReadsOurHLSAndFfprobeNamesTheCodec() throws {
        let server = try ServerProcess(Self.flags)
        try Self.waitForSegments(server, 3)
        let url = "http://\(server.listen.description)/rooms/1/index.m3u8"
        let probe = try #require(try OggOpusTests.tool("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "default=nw=1", url]))
        #expect(probe.status == 0, "\(probe.stderr)")
        #expect(probe.stdout.contains("codec_name=opus"), "\(probe.stdout)")
        let decode = try #require(try OggOpusTests.tool("ffmpeg", ["-nostdin", "-v", "error", "-i", url, "-t", "10", "-f", "null", "-"], timeout: 40))
        #expect(decode.status == 0)
        #expect(decode.stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "decode errors: \(decode.stderr)")
    }
}
