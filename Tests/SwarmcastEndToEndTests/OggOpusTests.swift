import Foundation
import SwarmcastTestSupport
import Testing

/// `GET /rooms/R/listen.opus` is real Ogg/Opus: Debian's ffprobe names the codec and ffmpeg
/// decodes three seconds of it without an error.
@Suite(.serialized)
struct OggOpusTests {
    /// Runs a tool (ffmpeg, ffprobe) with a deadline; nil when it is not installed (scripts/setup.sh installs it).
    static func tool(_ name: String, _ arguments: [String], timeout: TimeInterval = 30) throws -> (status: Int32, stdout: String, stderr: String)? {
        let path = "/usr/bin/\(name)"
        guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
        let process = try Subprocess(arguments, executable: path)
        let status = process.wait(timeout: timeout)
        return (status, process.stdout, process.stderr)
    }

    @Test func ffprobeNamesTheCodecOpusAndFfmpegDecodesItCleanly() throws {
        let server = try ServerProcess()
        let url = "http://\(server.listen.description)/rooms/1/listen.opus"
        let probe = try #require(try Self.tool("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels", "-of", "default=nw=1", url]))
        #expect(probe.status == 0, "\(probe.stderr)")
        #expect(probe.stdout.contains("codec_name=opus"), "\(probe.stdout)")
        #expect(probe.stdout.contains("sample_rate=48000"))
        #expect(probe.stdout.contains("channels=1"))
        let started = Date()
        let decode = try #require(try Self.tool("ffmpeg", ["-nostdin", "-v", "error", "-i", url, "-t", "3", "-f", "null", "-"]))
        #expect(decode.status == 0)
        #expect(decode.stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "decode errors: \(decode.stderr)")
        // Live: three seconds of audio take about three seconds to arrive.
        #expect(Date().timeIntervalSince(started) > 2.5)
    }

    @Test func anUnknownRoomIs404() throws {
        let server = try ServerProcess()
        let client = try TestClient(connectingTo: server.listen)
        client.send(Array("GET /rooms/9/listen.opus HTTP/1.0\r\n\r\n".utf8))
        #expect(String(decoding: client.readToEnd(timeout: 2), as: UTF8.self).hasPrefix("HTTP/1.0 404"))
    }
}
