import Foundation
import SwarmcastTestSupport
import Testing

/// A real browser: Debian's headless Chromium loads a page from another origin (the test's own
/// little HTTP server) whose `<audio crossorigin>` element plays a room's `listen.opus`, and,
/// where Chromium says it can play HLS (`canPlayType`), its `index.m3u8`. The page reports
/// `currentTime`, `readyState` and any `error` event back to the test twice a second; the test
/// passes when playback advanced by at least 3 s with no error. `crossorigin` makes the browser
/// enforce CORS, so this also checks the server's `Access-Control-Allow-Origin` with a browser
/// rather than with curl.
@Suite(.serialized)
struct BrowserPlaybackTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// What the page sent back: one report per half second.
    struct Report {
        var currentTime: Double
        var error: String
        var canPlayHLS: String
    }

    /// The page: plays `source` and reports to `/report` on its own origin.
    static func page(source: String) -> String {
        """
        <!doctype html><html><body>
        <audio id="a" crossorigin="anonymous" autoplay src="\(source)"></audio>
        <script>
        const a = document.getElementById('a'); let err = '';
        a.addEventListener('error', () => { err = 'error ' + (a.error && a.error.code) + ' ' + (a.error && a.error.message); });
        a.play().catch(e => { err = 'play() ' + e; });
        setInterval(() => {
          fetch('/report?t=' + a.currentTime + '&err=' + encodeURIComponent(err)
                + '&hls=' + a.canPlayType('application/vnd.apple.mpegurl'));
        }, 500);
        </script></body></html>
        """
    }

    /// Runs Chromium on a page that plays `source` until it reports 4 s of playback (or 30 s
    /// pass), and returns its reports.
    static func play(_ source: String) throws -> [Report] {
        guard let chromium else { return [] }
        let reports = LockedReports()
        let html = page(source: source)
        let pageServer = try FakeHLSOrigin { path in
            if path.hasPrefix("/report?") {
                reports.append(path)
                return .bytes(FakeHLSOrigin.ok("", type: "text/plain"))
            }
            return .bytesThenClose(FakeHLSOrigin.ok(html, type: "text/html"))
        }
        defer { pageServer.stop() }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("swarmcast-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let browser = try Subprocess(["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                      "--autoplay-policy=no-user-gesture-required", "--user-data-dir=\(profile.path)",
                                      "http://127.0.0.1:\(pageServer.port)/page.html"], executable: chromium)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, browser.isRunning, (reports.parsed.last?.currentTime ?? 0) < 4, reports.parsed.last?.error.isEmpty ?? true {
            usleep(200_000)
        }
        browser.stop(signal: SIGTERM, timeout: 10)
        // Its renderer and zygote children end with it; any left (by the profile directory in
        // their command lines) are ended here so no test leaves a browser behind.
        _ = try? Subprocess(["-KILL", "-f", profile.path], executable: "/usr/bin/pkill").wait(timeout: 5)
        return reports.parsed
    }

    static func expectPlayed(_ reports: [Report], _ what: String) {
        let errors = reports.map(\.error).filter { !$0.isEmpty }
        #expect(errors.isEmpty, "\(what): \(errors.first ?? "")")
        let advanced = (reports.map(\.currentTime).max() ?? 0) - (reports.first?.currentTime ?? 0)
        #expect(advanced >= 3, "\(what): currentTime advanced \(advanced) s over \(reports.count) reports")
    }

    @Test(.enabled(if: chromium != nil, "Chromium is not installed: scripts/setup.sh installs Debian's chromium"))
    func chromiumPlaysListenOpusAndHLS() throws {
        let server = try ServerProcess(["--demo-speakers", "1", "--segment-duration", "1s", "--part-duration", "200ms"])
        let base = "http://\(server.listen.description)/rooms/1"
        let opus = try Self.play(base + "/listen.opus")
        Self.expectPlayed(opus, "listen.opus")
        // Chromium plays HLS natively only in some builds (156 here says "maybe").
        if let canPlay = opus.last?.canPlayHLS, !canPlay.isEmpty {
            Self.expectPlayed(try Self.play(base + "/index.m3u8"), "index.m3u8 (canPlayType \(canPlay))")
        }
    }
}

/// The reports a page sent, from the page server's threads.
final class LockedReports: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String] = []

    func append(_ path: String) { lock.withLock { paths.append(path) } }

    var parsed: [BrowserPlaybackTests.Report] {
        lock.withLock { paths }.compactMap { path in
            guard let query = URLComponents(string: "http://x" + path)?.queryItems else { return nil }
            func value(_ name: String) -> String { query.first { $0.name == name }?.value ?? "" }
            guard let t = Double(value("t")) else { return nil }
            return .init(currentTime: t, error: value("err"), canPlayHLS: value("hls"))
        }
    }
}
