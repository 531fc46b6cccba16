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
        return try swarm(extra, listeners: listeners, seconds: seconds, allFail: allFail, out: out).summary
    }

    /// The same, writing the run to `out` (kept), with what it printed.
    static func swarm(_ extra: [String], listeners: Int, seconds: Int, allFail: Bool = false, out: URL) throws -> (summary: RunSummary, stdout: String) {
        let r = try SwarmcastBinary.run(["swarm", "--listeners", "\(listeners)", "--ramp", "500ms", "--duration", "\(seconds)s",
                                         "--out", out.path, "--progress", "none", "--connect-timeout", "1s"] + extra, timeout: 60)
        #expect(r.status == (allFail ? 1 : 0), "\(r.stderr)")
        return (try RunWriter.readSummary(out.appendingPathComponent("summary.json")), r.stdout)
    }

    @Test(arguments: ["hls", "ll-hls"])
    func listenersMeasureOurServer(proto: String) throws {
        let server = try ServerProcess(["--segment-duration", "1s", "--part-duration", "200ms"])
        usleep(1_500_000)
        let dir = SwarmEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (s, stdout) = try Self.swarm(["--server", server.listen.description, "--protocol", proto, "--late-after", "5s"], listeners: 50,
                                         seconds: 5, out: dir.appendingPathComponent("swarm"))
        #expect(s.counters.welcomed == 50 && s.counters.receivedAudio == 50)
        #expect(s.failuresByCause.isEmpty, "\(s.failuresByCause)")
        let p50 = try #require(s.delay?.p50)
        // A segment or part is timed from its first frame and exists once its last frame (one
        // 20 ms frame before its end) has arrived: at least 980 ms for a 1 s segment, 180 ms
        // for a 200 ms part.
        #expect(proto == "hls" ? p50 >= 980 && p50 < 3000 : p50 >= 180 && p50 < 1500, "delay p50 \(p50)")
        #expect(s.counters.framesReceived > 50)
        // Playlists' staleness (one per playlist that lists dated media) and every segment's (or
        // part's) fetch, as histograms.
        let staleness = try #require(s.playlistStaleness)
        let fetch = try #require(s.segmentFetch)
        #expect(staleness.count > 0 && Int(staleness.count) <= s.counters.hls["playlists", default: 0], "\(staleness.count) \(s.counters.hls)")
        #expect(fetch.count > 0 && Int(fetch.count) == s.counters.hls["media"], "\(fetch.count) \(s.counters.hls)")
        #expect(staleness.p99.isFinite && fetch.p99.isFinite && fetch.p99 > 0)
        #expect(stdout.contains("staleness p50 ") && stdout.contains("(fetch p50 "), "\(stdout)")
        // Thresholds on them are judged (here by merge --scenario, on the run read back): a
        // generous one holds, an impossible one fails.
        let scenario = dir.appendingPathComponent("t.yaml")
        try """
        name: t
        listeners:
          stages:
            - hold: 1s
        thresholds:
          playlist.staleness.p99: "< 60s"
          segment_fetch.p99: "< 1us"

        """.write(to: scenario, atomically: true, encoding: .utf8)
        let merged = dir.appendingPathComponent("merged")
        let r = try SwarmcastBinary.run(["merge", dir.appendingPathComponent("swarm").path, "--out", merged.path, "--scenario", scenario.path])
        #expect(r.status == 99, "\(r.stdout)\n\(r.stderr)")
        let m = try RunWriter.readSummary(merged.appendingPathComponent("summary.json"))
        #expect(m.playlistStaleness == s.playlistStaleness && m.segmentFetch == s.segmentFetch)
        let judged = Dictionary(uniqueKeysWithValues: m.thresholds.map { ($0.metric, $0) })
        #expect(judged["playlist.staleness.p99"]?.passed == true && judged["playlist.staleness.p99"]?.actual == staleness.p99)
        #expect(judged["segment_fetch.p99"]?.passed == false && judged["segment_fetch.p99"]?.actual == fetch.p99)
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
