import Foundation
import SwarmcastTestSupport
import Testing

/// Against systems we did not write: `Benchmarks/hls-nginx.sh` with a few hundred listeners runs
/// ffmpeg's live HLS packager behind nginx, swarms it with HLS listeners, and has ffmpeg read our
/// own HLS; the test checks the figures are there and nothing failed.
@Suite(.serialized)
struct HLSNginxTests {
    @Test func hlsListenersMeasureFfmpegBehindNginxAndFfmpegReadsOurHLS() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg"),
              FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") else {
            Issue.record("ffmpeg and nginx are needed (scripts/setup.sh installs them)")
            return
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("Benchmarks/hls-nginx.sh").path
        let process = try Subprocess(["--listeners", "300", "--seconds", "8"], executable: script,
                                     environment: ProcessInfo.processInfo.environment.merging(["SWARMCAST_BIN": SwarmcastBinary.path]) { $1 })
        let status = process.wait(timeout: 120)
        let out = process.stdout
        #expect(status == 0, "\(out)\n\(process.stderr)")
        #expect(out.contains("welcomed 300"), "\(out)")
        #expect(out.contains("failures    none"), "\(out)")
        #expect(out.contains("hls         requests"), "\(out)")
        #expect(out.contains("codec       opus"), "\(out)")
        #expect(out.contains("decode      no errors"), "\(out)")
        // ffmpeg's 2 s segments, polled every target duration: delay p50 is seconds, not minutes.
        let delayLine = out.split(separator: "\n").first { $0.hasPrefix("delay") } ?? ""
        let p50 = delayLine.split(separator: " ").dropFirst(2).first.flatMap { Double($0) } ?? -1
        #expect(p50 > 500 && p50 < 10_000, "\(delayLine)")
        // One meaning of stall and late for HLS: the frames line's stalls are the simulated
        // players' rebuffers the hls line counts, and late is judged against the playlist's
        // hold-back (three 2 s target durations), which a clean run's segments arrive within.
        // (The native bounds, packet interval + 1 s / + 500 ms, once called 93% of this stalled.)
        func number(after label: String, in line: Substring) -> Int? {
            guard let r = line.range(of: label) else { return nil }
            return Int(line[r.upperBound...].prefix { $0.isNumber })
        }
        let frames = out.split(separator: "\n").first { $0.hasPrefix("frames") } ?? ""
        let hls = out.split(separator: "\n").first { $0.hasPrefix("hls") } ?? ""
        #expect(number(after: "late ", in: frames) == 0, "\(frames)")
        let stalls = number(after: "stalls ", in: frames)
        #expect(stalls != nil && stalls == number(after: "(", in: hls[(hls.range(of: "rebuffer ")?.upperBound ?? hls.endIndex)...]), "\(frames)\n\(hls)")
        #expect(hls.contains("(0 stalls, 0.0 s stalled)") == (stalls == 0), "\(hls)")
    }
}
