import Foundation
import SwarmcastReport
import SwarmcastTestSupport
import Testing

/// HLS listeners in the swarm: against our server they measure like the other protocols; against
/// broken origins (bad playlists, truncated segments, 404 storms, an origin that stops answering
/// mid-segment) every problem is a counted cause, never a crash or a hang.
@Suite(.serialized)
struct HLSListenerTests {
    /// Runs a small HLS swarm against `url` and returns its summary.
    /// (A run in which every listener failed ends as `server-gone`, exit 1: still a report, never a crash.)
    static func swarm(_ extra: [String], listeners: Int = 5, seconds: Int = 4, allFail: Bool = false) throws -> RunSummary {
        let out = SwarmEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try SwarmcastBinary.run(["swarm", "--listeners", "\(listeners)", "--ramp", "500ms", "--duration", "\(seconds)s",
                                         "--out", out.path, "--progress", "none", "--connect-timeout", "1s"] + extra, timeout: 60)
        #expect(r.status == (allFail ? 1 : 0), "\(r.stderr)")
        return try RunWriter.readSummary(out.appendingPathComponent("summary.json"))
    }

    @Test(arguments: ["hls", "ll-hls"])
    func listenersMeasureOurServer(proto: String) throws {
        let server = try ServerProcess(["--segment-duration", "1s", "--part-duration", "200ms"])
        usleep(1_500_000)
        let s = try Self.swarm(["--server", server.listen.description, "--protocol", proto, "--late-after", "5s"], listeners: 50, seconds: 5)
        #expect(s.counters.welcomed == 50 && s.counters.receivedAudio == 50)
        #expect(s.failuresByCause.isEmpty, "\(s.failuresByCause)")
        let p50 = try #require(s.delay?.p50)
        // A segment is timed from its first frame: at least its own duration for plain HLS.
        #expect(proto == "hls" ? p50 > 1000 && p50 < 3000 : p50 > 200 && p50 < 1500, "delay p50 \(p50)")
        #expect(s.counters.framesReceived > 50)
    }

    @Test func aBadPlaylistIsAProtocolError() throws {
        let origin = try FakeHLSOrigin { _ in .bytes(FakeHLSOrigin.ok("this is not a playlist")) }
        let s = try Self.swarm(["--protocol", "hls", "--url", origin.url], allFail: true)
        #expect(s.failuresByCause["disconnect:protocol-error:playlist"] == 5, "\(s.failuresByCause)")
    }

    @Test func aTruncatedSegmentIsCountedAsTruncated() throws {
        let origin = try FakeHLSOrigin { path in
            path.hasSuffix(".m3u8") ? .bytes(FakeHLSOrigin.ok(FakeHLSOrigin.playlist(first: 1, last: 5)))
                : .bytesThenClose(Array("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\nonly a little".utf8))
        }
        let s = try Self.swarm(["--protocol", "hls", "--url", origin.url], allFail: true)
        #expect(s.failuresByCause["disconnect:truncated:segment"] == 5, "\(s.failuresByCause)")
    }

    @Test func anOriginThatStopsMidSegmentTimesOut() throws {
        let origin = try FakeHLSOrigin { path in
            path.hasSuffix(".m3u8") ? .bytes(FakeHLSOrigin.ok(FakeHLSOrigin.playlist(first: 1, last: 5)))
                : .bytesThenHang(Array("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\nonly a little".utf8))
        }
        let s = try Self.swarm(["--protocol", "hls", "--url", origin.url], allFail: true)
        #expect(s.failuresByCause["disconnect:timeout:segment"] == 5, "\(s.failuresByCause)")
    }

    @Test func a404StormIsCountedByStatusAndKind() throws {
        let origin = try FakeHLSOrigin { path in
            path.hasSuffix(".m3u8") ? .bytes(FakeHLSOrigin.ok(FakeHLSOrigin.playlist(first: 1, last: 5))) : .bytes(FakeHLSOrigin.status(404))
        }
        let s = try Self.swarm(["--protocol", "hls", "--url", origin.url])
        #expect((s.failuresByCause["reject:http-404:segment"] ?? 0) >= 10, "\(s.failuresByCause)")
        #expect(s.counters.welcomed == 5)
    }

    @Test func aServerThatRefusesThePlaylistIsCounted() throws {
        let origin = try FakeHLSOrigin { _ in .bytes(FakeHLSOrigin.status(503)) }
        let s = try Self.swarm(["--protocol", "ll-hls", "--url", origin.url], allFail: true)
        #expect((s.failuresByCause["reject:http-503:playlist"] ?? 0) >= 5, "\(s.failuresByCause)")
    }
}
