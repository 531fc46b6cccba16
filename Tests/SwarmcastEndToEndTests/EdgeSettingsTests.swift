import Foundation
import SwarmcastSettings
import SwarmcastTestSupport
import Testing

/// Edges run with exactly their origin's settings, which they receive over the relay connection.
@Suite(.serialized)
struct EdgeSettingsTests {
    /// A valid value different from the group's default for every declared field, found by
    /// trying candidates against the field's own checks, so a new setting is covered unasked.
    static func nonDefaults<G: SettingsGroup>(_: G.Type) -> G {
        var group = G()
        for field in G.fields {
            let current = field.value(in: group)
            var candidates: [SettingValue] = []
            switch current {
            case .int(let n): candidates = [.int(n + 1), .int(n - 1), .int(n * 2)]
            case .double(let x): candidates = [.double(x / 2 + 0.125)]
            case .bool(let b): candidates = [.bool(!b)]
            case .none: candidates = [.int(7_000), .text("1500ms"), .text("a-test-secret-1234")]
            case .text(let t):
                if let d = DurationText.parse(t) {
                    candidates = [.text(DurationText.exact(d * 2)), .text(DurationText.exact(d / 2)), .text(DurationText.exact(d + .milliseconds(1)))]
                } else {
                    candidates = field.valueHint.split(separator: "|").map { .text(String($0)) }.filter { $0 != current }
                }
            }
            for candidate in candidates {
                var copy = group
                if (try? field.assign(candidate, to: &copy)) != nil, field.value(in: copy) != current {
                    group = copy
                    break
                }
            }
            #expect(field.value(in: group) != current, "no non-default value found for \(field.key)")
        }
        return group
    }

    /// Every setting as flags, as a person would give them.
    static func flags<G: SettingsGroup>(_ group: G) -> [String] {
        G.fields.flatMap { f in [f.flag, f.value(in: group).description] }
    }

    @Test func everyEdgeRunsWithExactlyItsOriginsSettings() throws {
        var server = Self.nonDefaults(ServerSettings.self)
        server.maxListeners = 5_000  // non-default, and room for the test's own edge connections
        let audio = Self.nonDefaults(AudioSettings.self)
        let expected = BroadcastSettings(server: server, audio: audio)
        try expected.validate()
        let origin = try ServerProcess(["--workers", "2", "--origin", "127.0.0.1:\(ServerProcess.freePort())"] + Self.flags(server) + Self.flags(audio))
        var document: [String: Any] = [:]
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if let body = origin.httpGet("/settings"), let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
               (json["edges"] as? [String: Any])?.count == 2 {
                document = json
                break
            }
            usleep(100_000)
        }
        let settingsJSON = try #require(document["settings"] as? [String: Any], "origin's /settings never listed both edges")
        let own = try JSONDecoder().decode(BroadcastSettings.self, from: JSONSerialization.data(withJSONObject: settingsJSON))
        #expect(own == expected, "the origin runs with what it was given")
        let edges = try #require(document["edges"] as? [String: Any])
        for index in ["1", "2"] {
            let edgeJSON = try #require(edges[index] as? [String: Any], "edge \(index) reported no settings")
            let edge = try JSONDecoder().decode(BroadcastSettings.self, from: JSONSerialization.data(withJSONObject: edgeJSON))
            #expect(edge == expected, "edge \(index) runs with its origin's settings")
        }
        #expect((document["process"] as? [String: Any])?["role"] as? String == "origin")
    }

    @Test func anEdgeAnnouncesTheSameBitRateAsASingleProcess() throws {
        let single = try ServerProcess(["--payload-bytes", "40"])
        let origin = try WorkersTests.startOrigin(workers: 2, extra: ["--payload-bytes", "40"])
        func icyBitRates(_ server: ServerProcess, tries: Int) throws -> Set<String> {
            var rates = Set<String>()
            for _ in 0..<tries {
                let client = try TestClient(connectingTo: server.listen)
                client.send(Array("GET /rooms/1/listen HTTP/1.0\r\nHost: test\r\n\r\n".utf8))
                let head = String(decoding: client.readToEnd(timeout: 0.3).prefix(600), as: UTF8.self)
                for line in head.split(separator: "\r\n") where line.hasPrefix("icy-br: ") { rates.insert(String(line)) }
            }
            return rates
        }
        #expect(try icyBitRates(single, tries: 1) == ["icy-br: 16"])
        // Several connections, so the kernel spreads them over both edges.
        #expect(try icyBitRates(origin, tries: 8) == ["icy-br: 16"])
    }

    @Test func printSettingsShowsTheProcessAndEverySetting() throws {
        let r = try SwarmcastBinary.run(["serve", "--print-settings", "--max-listeners", "5000", "--frame-interval=10ms",
                                         "--settings-json", #"{"audio":{"frames_per_packet":5},"server":{"max_listeners":7}}"#])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let settings = try JSONDecoder().decode(BroadcastSettings.self, from: JSONSerialization.data(withJSONObject: json["settings"] as Any))
        #expect(settings.server.maxListeners == 5000, "flags override the JSON")
        #expect(settings.audio.framesPerPacket == 5 && settings.audio.frameInterval == .milliseconds(10))
        #expect((json["process"] as? [String: Any])?["role"] as? String == "standalone")
        let bad = try SwarmcastBinary.run(["serve", "--settings-json", #"{"server":{"max_listenerz":7}}"#])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("server.max_listenerz"))
        let unknown = try SwarmcastBinary.run(["serve", "--no-such-flag", "3"])
        #expect(unknown.status == 2 && unknown.stderr.contains("--no-such-flag"))
    }
}
