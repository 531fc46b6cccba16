import Foundation
import SwarmcastScenario
import SwarmcastSettings
import Testing

/// The shard contract's exact split: every shard plans its listeners from the global index
/// alone, so the K shards' plans together are the one-process plan, entry for entry.
struct SwarmPlanTests {
    static let configs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Configs")

    static func shippedScenarios() throws -> [(String, Scenario)] {
        let files = try FileManager.default.contentsOfDirectory(atPath: configs.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return try files.map { ($0, try ScenarioLoader.load(path: configs.appendingPathComponent($0).path)) }
    }

    @Test func unionOfShardPlansEqualsTheUnshardedPlanForEveryShippedScenario() throws {
        let scenarios = try Self.shippedScenarios()
        #expect(scenarios.count >= 7)
        for (file, scenario) in scenarios {
            // The 8-million scenario is checked with one server count: its plan alone is most of
            // this test's time in a debug build.
            for servers in scenario.listeners.schedule.totalArrivals > 1_000_000 ? [2] : [1, 2] {
                let inputs = scenario.planInputs(serverCount: servers)
                let whole = SwarmPlan(inputs)
                #expect(whole.listeners.count == scenario.listeners.schedule.totalArrivals, "\(file)")
                for k in [1, 2, 3, 7] {
                    let shards = try (0..<k).map { SwarmPlan(inputs, shard: try ShardIdentity(index: $0, count: k, source: "test")) }
                    for (i, shard) in shards.enumerated() {
                        #expect(shard.listeners.allSatisfy { $0.index % k == i }, "\(file) K=\(k) shard \(i) holds another shard's listener")
                    }
                    let listeners = shards.flatMap(\.listeners).sorted { $0.index < $1.index }
                    let attackers = shards.flatMap(\.attackers).sorted { ($0.attack, $0.index) < ($1.attack, $1.index) }
                    let speakers = shards.flatMap(\.speakers).sorted { $0.index < $1.index }
                    #expect(listeners == whole.listeners, "\(file) K=\(k) servers=\(servers): listeners differ")
                    #expect(attackers == whole.attackers.sorted { ($0.attack, $0.index) < ($1.attack, $1.index) }, "\(file) K=\(k): attackers differ")
                    #expect(speakers == whole.speakers, "\(file) K=\(k): speakers differ")
                }
            }
        }
    }

    @Test func agentsWithinShardsCoverEveryIndexOnce() throws {
        let total = 10_007
        for k in [1, 2, 3, 7] {
            for agents in [1, 2, 5] {
                var seen = [Int](repeating: 0, count: total)
                for i in 0..<k {
                    let shard = try ShardIdentity(index: i, count: k, source: "test")
                    for a in 0..<agents {
                        let stripe = ListenerPlanner.Stripe(shard: shard, agent: a, agents: agents)
                        for j in 0..<stripe.share(of: total) {
                            let g = stripe.global(j)
                            #expect(g % k == i)
                            seen[g] += 1
                        }
                    }
                }
                #expect(seen.allSatisfy { $0 == 1 }, "K=\(k) agents=\(agents)")
            }
        }
    }

    @Test func planHashFollowsThePlanNotTheShard() throws {
        let scenario = try ScenarioLoader.load(path: Self.configs.appendingPathComponent("churn.yaml").path)
        let hash = SwarmPlan.hash(scenario.planInputs())
        #expect(hash.hasPrefix("fnv1a64:") && hash.count == 24)
        #expect(SwarmPlan.hash(scenario.planInputs()) == hash)
        var reseeded = scenario
        reseeded.listeners.settings.seed += 1
        #expect(SwarmPlan.hash(reseeded.planInputs()) != hash, "the seed changes session lengths")
        #expect(SwarmPlan.hash(scenario.planInputs(serverCount: 2)) != hash, "the server count changes who goes where")
        var bounds = scenario
        bounds.listeners.settings.lateAfter = .seconds(3)
        #expect(SwarmPlan.hash(bounds.planInputs()) == hash, "a late bound changes no choice")
    }

    @Test func joinTimesMatchTheSchedule() {
        let s = ArrivalSchedule(stages: [.ramp(to: 1000, over: 10), .storm(500, thenHold: 5), .rate(50, for: 4), .ramp(to: 100, over: 2)])
        #expect(s.totalArrivals == 1700)
        for n in [1, 2, 500, 1000, 1001, 1500, 1501, 1700] {
            let closed = s.joinSeconds(ofArrival: n)!
            let bisected = s.time(ofArrival: Double(n))!
            #expect(abs(closed - bisected) < 1e-6, "arrival \(n): \(closed) vs \(bisected)")
        }
        #expect(s.joinSeconds(ofArrival: 1701) == nil)
    }

    @Test func perListenerChoicesAreReproducibleAndSpread() {
        var settings = ListenerSettings()
        settings.churnMean = .seconds(8)
        settings.slowReaders = 0.05
        let planner = ListenerPlanner(listeners: settings, rooms: [1, 2], serverCount: 1)
        let sessions = (0..<20_000).map { planner.sessionSeconds($0, generation: 0)! }
        let mean = sessions.reduce(0, +) / Double(sessions.count)
        #expect(abs(mean - 8) < 0.4, "exponential with mean 8 s, got \(mean)")
        #expect(planner.sessionSeconds(42, generation: 0) == planner.sessionSeconds(42, generation: 0))
        #expect(planner.sessionSeconds(42, generation: 0) != planner.sessionSeconds(42, generation: 1))
        #expect((0..<1000).filter(planner.isSlowReader).count == 50)
        let jitters = (0..<1000).map { planner.reconnectJitter($0, generation: 0, attempt: 0) }
        #expect(jitters.allSatisfy { $0 > 0.5 && $0 <= 1.5 })
    }
}
