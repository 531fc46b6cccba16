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
