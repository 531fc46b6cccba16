import Foundation
import SwarmcastTestSupport
import Testing

/// Real players (Debian's ffmpeg and GStreamer) whose very first request is a cold room's
/// playlist, straight after the server (or an edge) opened its port: each decodes 5 s of Opus
/// with no error, on a single server, under `--workers 2` and from a remote edge, and with
/// `--hls-cutting on-demand`, where the request itself starts the cutting. Before the first
/// complete segment existed a plain player got a parts-only playlist and gave up ("Empty
/// segment"); these are the regression tests for that.
@Suite(.serialized)
struct ColdHLSPlayerTests {
    /// One-second segments keep each decode under ~10 s.
    static let flags = ["--segment-duration", "1s", "--part-duration", "200ms"]

    static func url(_ server: ServerProcess) -> String { "http://\(server.listen.description)/rooms/1/index.m3u8" }

    /// ffmpeg reads 5 s of the room and exits 0 with nothing on stderr at `-v error`.
    static func ffmpegDecodes(_ url: String) throws {
        guard let run = try OggOpusTests.tool("ffmpeg", ["-nostdin", "-v", "error", "-i", url, "-t", "5", "-f", "null", "-"], timeout: 40) else {
            Issue.record("ffmpeg is missing: scripts/setup.sh installs it")
            return
        }
        #expect(run.status == 0, "ffmpeg exit \(run.status): \(run.stderr)")
        #expect(run.stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "decode errors: \(run.stderr)")
    }

    /// GStreamer's `hlsdemux` → `qtdemux` → `opusdec` → `fakesink` decodes at least 250 Opus
    /// frames (5 s) with no ERROR message. A live pipeline never ends by itself, so it is
    /// stopped after 14 s and judged by what it printed.
    static func gstreamerDecodes(_ url: String) throws {
        let tool = "/usr/bin/gst-launch-1.0"
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            Issue.record("gst-launch-1.0 is missing: scripts/setup.sh installs gstreamer1.0-tools and its plugins")
            return
        }
        let process = try Subprocess(["-v", "souphttpsrc", "location=\(url)", "!", "hlsdemux", "!", "qtdemux", "!", "opusdec", "!",
                                      "fakesink", "sync=false", "silent=false"], executable: tool)
        let started = Date()
        process.wait(timeout: 14)
        let out = process.stdout + process.stderr
        let decoded = out.components(separatedBy: "chain   ******* (fakesink0:sink)").count - 1
        #expect(decoded >= 250, "GStreamer decoded \(decoded) Opus frames in \(Int(Date().timeIntervalSince(started))) s: \(out.suffix(600))")
        #expect(!out.contains("ERROR"), "\(out.components(separatedBy: "\n").filter { $0.contains("ERROR") }.prefix(5))")
    }

    @Test(arguments: [[], ["--hls-cutting", "on-demand"]])
    func aSingleServersColdRoom(extra: [String]) throws {
        let server = try ServerProcess(Self.flags + extra)
        try Self.ffmpegDecodes(Self.url(server))
        let second = try ServerProcess(Self.flags + extra)
        try Self.gstreamerDecodes(Self.url(second))
    }

    @Test func aColdRoomUnderWorkers() throws {
        // Each edge worker cuts its own rooms: every player's first request may land on either.
        for decode in [Self.ffmpegDecodes, Self.gstreamerDecodes] {
            let server = try ServerProcess(Self.flags + ["--workers", "2", "--origin", "127.0.0.1:\(ServerProcess.freePort())"])
            let deadline = Date().addingTimeInterval(15)
            while (try? TestClient(connectingTo: server.listen)) == nil && Date() < deadline { usleep(50_000) }
            try decode(Self.url(server))
        }
    }

    @Test func aColdRoomOnARemoteEdge() throws {
        for decode in [Self.ffmpegDecodes, Self.gstreamerDecodes] {
            let origin = try ServerProcess(Self.flags)
            let edge = try EdgeReconnectTests.startEdge(of: origin.listen)
            try decode(Self.url(edge))
        }
    }
}
