import Foundation
import SwarmcastReport
import SwarmcastTestSupport
import Testing

/// Floods and faults through `swarmcast run`, with small counts.
@Suite(.serialized)
struct FloodTests {
    func run(_ yaml: String, timeout: TimeInterval = 90) throws -> (status: Int32, summary: RunSummary, stderr: String) {
        let dir = SwarmEndToEndTests.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let r = try SwarmcastBinary.run(["run", file.path, "--out", dir.appendingPathComponent("run").path, "--progress", "none"], timeout: timeout)
        return (r.status, try RunWriter.readSummary(dir.appendingPathComponent("run/summary.json")), r.stderr)
    }

    @Test func idleAndSlowlorisFloodsDoNotStopLegitimateListeners() throws {
        let r = try run("""
        name: flood
        listeners:
          stages:
            - ramp: 0
              over: 2s
            - ramp: 200
              over: 1s
            - hold: 3s
        attacks:
          - kind: connect-hold
            count: 2000
            rate: 4000
          - kind: slowloris
            count: 2000
            rate: 4000
        """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.summary.counters.welcomed == 200)
        #expect(r.summary.counters.receivedAudio == 200)
        #expect(r.summary.failuresByCause.isEmpty)
        #expect((r.summary.counters.attackOutcomes["connect-hold:connected"] ?? 0) >= 2000)
        #expect((r.summary.counters.attackOutcomes["slowloris:connected"] ?? 0) >= 2000)
        #expect(r.summary.phases?.map(\.name) == ["before-attack", "during-attack"] || r.summary.phases?.map(\.name) == ["during-attack"])
    }

    @Test func garbageAndForgedSpeakersLoseOnlyTheirOwnConnections() throws {
        let r = try run("""
        name: garbage
        server:
          speaker_secret: a-long-enough-secret
        listeners:
          stages:
            - ramp: 100
              over: 1s
            - hold: 3s
        attacks:
          - kind: garbage
            count: 20
            start: 1s
          - kind: bad-token
            count: 20
            start: 1s
        """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.summary.listeners.final == 100)
        #expect(r.summary.failuresByCause.isEmpty)
        #expect((r.summary.counters.attackOutcomes["bad-token:reject:bad-token"] ?? 0) >= 20)
        #expect((r.summary.counters.attackOutcomes["garbage:closed-by-server"] ?? 0) >= 20)
        #expect((r.summary.serverMetrics?["swarmcast_rejects_total{reason=\"bad-token\"}"] ?? 0) >= 20)
    }

    @Test func aScheduledEdgeKillIsSurvivedByReconnectingListeners() throws {
        let r = try run("""
        name: edge-kill
        server:
          workers: 2
        listeners:
          reconnect: true
          stages:
            - ramp: 200
              over: 1s
            - hold: 9s
        faults:
          - at: 3s
            kill: edge
        """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.summary.faultsInjected?.count == 1)
        #expect(r.summary.faultsInjected?.first?.contains("killed edge") == true)
        #expect(r.summary.counters.reconnects > 0)
        #expect(r.summary.listeners.final == 200)
        #expect((r.summary.serverMetrics?["swarmcast_edge_restarts_total"] ?? 0) >= 1)
    }
}
