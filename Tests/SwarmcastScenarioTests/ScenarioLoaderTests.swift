import SwarmcastSettings
import Foundation
import SwarmcastScenario
import Testing

struct ScenarioLoaderTests {
    static let configs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Configs")

    @Test func everyShippedScenarioValidates() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.configs.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 5)
        for file in files {
            let scenario = try ScenarioLoader.load(path: Self.configs.appendingPathComponent(file).path)
            #expect(!scenario.name.isEmpty)
            #expect(scenario.durationSeconds > 0, "\(file)")
        }
    }

    @Test func readsEveryPart() throws {
        let s = try ScenarioLoader.parse("""
        name: full
        server:
          rooms: 3
          max_listeners: 500
          slow_listener: disconnect
        audio:
          frames_per_packet: 150
        speakers:
          demo: 2
        listeners:
          churn_mean: 5s
          reconnect: true
          rooms: [1, 3]
          stages:
            - ramp: 100
              over: 10s
            - hold: 5s
            - rate: 10
              for: 2s
            - storm: 50
              hold: 1s
        thresholds:
          delay.p99: "< 250ms"
          failures.rate: "<= 0.1%"
          listeners.peak: ">= 100"
        """, file: "full.yaml")
        #expect(s.server.settings.rooms == 3 && s.server.settings.maxListeners == 500 && s.server.settings.slowListener == .disconnect)
        #expect(s.audio.packetInterval == .seconds(3))
        #expect(s.listeners.rooms == [1, 3] && s.listeners.settings.reconnect && s.listeners.settings.churnMean == .seconds(5))
        #expect(s.durationSeconds == 18)
        #expect(s.listeners.schedule.peakTarget == 170)
        #expect(s.thresholds.map(\.metric) == ["delay.p99", "failures.rate", "listeners.peak"])
        #expect(s.thresholds[0].bound == 250 && s.thresholds[1].bound == 0.001)
    }

    /// Each broken scenario and the exact error it must give.
    static let broken: [(String, String)] = [
        ("name: x\nlisteners:\n  stages:\n    - ramp: 10\n      over: 1s\n  colour: red\n",
         "b.yaml:6:3: listeners.colour: unknown key (known here: agents, churn_mean, connect_timeout, decode, drop_arrival_after, http_path, late_after, max_per_agent, playlist_updates, protocol, reconnect, rooms, seed, slow_readers, stages, stall_after, url) (got 'colour')"),
        ("name: x\nlisteners:\n  stages:\n    - ramp: -5\n      over: 1s\n",
         "b.yaml:4:13: listeners.stages[0].ramp: must be between 0 and 10000000 (got '-5')"),
        ("name: x\nlisteners:\n  stages:\n    - ramp: 10\n      over: soon\n",
         "b.yaml:5:13: listeners.stages[0].over: must be a duration such as 500ms, 10s or 2m (got 'soon')"),
        ("name: x\nspeakers:\n  demo: 20\nlisteners:\n  stages:\n    - hold: 1s\n",
         "b.yaml:3:9: speakers.demo: must be between 0 and 14 (got '20')"),
        ("name: x\nlisteners:\n  stages:\n    - rate: 0\n      for: 1s\n",
         "b.yaml:4:13: listeners.stages[0].rate: must be between 0.001 and 1000000.0 (got '0')"),
        ("name: x\nlisteners:\n  stages:\n    - hold: 1s\nthresholds:\n  delay.p42: \"< 1s\"\n",
         "b.yaml:6:3: thresholds.delay.p42: unknown metric"),
        ("name: x\nlisteners:\n  stages:\n    - hold: 1s\nthresholds:\n  delay.p99: \"about 1s\"\n",
         "b.yaml:6:14: thresholds.delay.p99: bad condition 'about 1s': start with <, <=, >, >= or ==, e.g. \"< 250ms\" (got 'about 1s')"),
        ("listeners:\n  stages:\n    - hold: 1s\n", "b.yaml:1:1: name: is missing: give the scenario a name"),
        ("name: x\n", "b.yaml:1:1: listeners: is missing: say how listeners arrive (listeners: stages: ...)"),
        ("name: x\nlisteners:\n  stages:\n    - jump: 3\n", "b.yaml:4:7: listeners.stages[0]: a stage needs one of: ramp (with over), hold, rate (with for), storm"),
        ("name: x\nlisteners:\n  stages: [\n", "b.yaml:4:1: YAML syntax: did not find expected node content"),
        ("name: x\nserver:\n  start: maybe\nlisteners:\n  stages:\n    - hold: 1s\n", "b.yaml:3:10: server.start: must be true or false (got 'maybe')"),
        ("name: x\nserver:\n  start: false\nlisteners:\n  stages:\n    - hold: 1s\n", "b.yaml:3:3: server.address: is missing: with start: false, say which server to swarm (HOST:PORT)"),
        ("name: x\nlisteners:\n  stages:\n    - hold: 1s\nattacks:\n  - kind: nuke\n    count: 1\n", "b.yaml:6:11: attacks[0].kind: must be one of connect-hold, connect-drop, slowloris, garbage, bad-token, reaction-flood, never-read (got 'nuke')"),
        ("name: x\nlisteners:\n  stages:\n    - hold: 1s\nfaults:\n  - at: 2s\n    kill: edge\n", "b.yaml:7:11: faults[0].kill: killing an edge needs server.workers above 0 (got 'edge')"),
    ]

    @Test(arguments: 0..<broken.count)
    func brokenScenarioGivesItsExactError(index: Int) {
        let (text, expected) = Self.broken[index]
        do {
            _ = try ScenarioLoader.parse(text, file: "b.yaml")
            Issue.record("no error for case \(index)")
        } catch {
            #expect(error.description.hasPrefix(expected), "case \(index): \(error.description)")
        }
    }
}

struct ThresholdTests {
    @Test func parsesUnitsIntoOneScale() throws {
        #expect(try Threshold(metric: "delay.p99", condition: "< 2s").bound == 2000)
        #expect(try Threshold(metric: "delay.p99", condition: "<250ms").bound == 250)
        #expect(try Threshold(metric: "first_audio.p95", condition: "<= 1500").bound == 1500)
        #expect(try Threshold(metric: "failures.rate", condition: "< 0.5%").bound == 0.005)
        #expect(try Threshold(metric: "listeners.peak", condition: ">= 2_000").bound == 2000)
    }

    @Test func holdsComparesAsWritten() throws {
        let t = try Threshold(metric: "frames.lost", condition: "== 0")
        #expect(t.holds(for: 0) && !t.holds(for: 1))
        let p = try Threshold(metric: "listeners.peak", condition: "> 10")
        #expect(p.holds(for: 11) && !p.holds(for: 10))
    }

    @Test func refusesUnknownMetricsAndBadValues() {
        #expect(throws: ThresholdError.unknownMetric("latency")) { try Threshold(metric: "latency", condition: "< 1s") }
        #expect(throws: ThresholdError.self) { try Threshold(metric: "delay.p99", condition: "< fast") }
        #expect(throws: ThresholdError.self) { try Threshold(metric: "delay.p99", condition: "250ms") }
    }
}

struct DurationTextTests {
    @Test func parsesAndFormats() {
        #expect(DurationText.parse("20ms") == .milliseconds(20))
        #expect(DurationText.parse("1.5s") == .milliseconds(1500))
        #expect(DurationText.parse("2m") == .seconds(120))
        #expect(DurationText.parse("250us") == .microseconds(250))
        #expect(DurationText.parse("fast") == nil)
        #expect(DurationText.parse("-1s") == nil)
        #expect(DurationText.format(.milliseconds(20)) == "20ms")
        #expect(DurationText.format(.seconds(3)) == "3s")
        #expect(DurationText.format(.seconds(120)) == "2m")
    }
}
