import SwarmcastScenario
import SwarmcastSettings
import Testing

/// Which listeners decode: exactly the share, chosen by the seed, spread over shards and rooms,
/// and the same whichever shard or agent asks.
struct DecodeChoiceTests {
    @Test func choosesExactlyTheShareSpreadOverShardsAndRooms() {
        let choice = DecodeChoice(share: .fraction(0.01), total: 10_000, random: PlanRandom(seed: 1))
        let chosen = (0..<10_000).filter(choice.isDecoded)
        #expect(chosen.count == 100)
        for k in [2, 4, 5, 10] {
            let perShard = Dictionary(grouping: chosen, by: { $0 % k }).mapValues(\.count)
            #expect(perShard.count == k, "every one of \(k) shards decodes some: \(perShard)")
            #expect(perShard.values.allSatisfy { $0 >= 100 / k / 3 }, "\(perShard)")
        }
        #expect(Set(chosen.map { $0 % 3 }).count == 3, "every room of three")
    }

    @Test func anAbsoluteCountAndTheSeedDecide() {
        let a = (0..<2_000).filter(DecodeChoice(share: .count(20), total: 2_000, random: PlanRandom(seed: 1)).isDecoded)
        let b = (0..<2_000).filter(DecodeChoice(share: .count(20), total: 2_000, random: PlanRandom(seed: 2)).isDecoded)
        #expect(a.count == 20 && b.count == 20)
        #expect(a != b)
        #expect(a == (0..<2_000).filter(DecodeChoice(share: .count(20), total: 2_000, random: PlanRandom(seed: 1)).isDecoded))
        #expect((0..<10).filter(DecodeChoice(share: .fraction(1), total: 10, random: PlanRandom(seed: 1)).isDecoded).count == 10)
        #expect(!DecodeChoice(share: .none, total: 10, random: PlanRandom(seed: 1)).isDecoded(3))
    }

    @Test func theShardPlansTogetherDecodeWhatOnePlanDoes() throws {
        var listeners = ListenerSettings()
        listeners.decode = .fraction(0.05)
        let inputs = SwarmPlan.Inputs(schedule: ArrivalSchedule(stages: [.ramp(to: 400, over: 10)]), rooms: [1, 2],
                                      listeners: listeners, serverCount: 1, attacks: [], speakers: 0)
        let whole = Set(SwarmPlan(inputs).listeners.filter(\.decoded).map(\.index))
        #expect(whole.count == 20)
        var union = Set<Int>()
        for i in 0..<3 { union.formUnion(SwarmPlan(inputs, shard: try ShardIdentity(index: i, count: 3, source: "test")).listeners.filter(\.decoded).map(\.index)) }
        #expect(union == whole)
        var none = inputs
        none.listeners.decode = .none
        #expect(SwarmPlan.hash(none) != SwarmPlan.hash(inputs), "the choice is part of the plan shards must agree on")
    }
}

/// Decoded listeners' thresholds parse as fractions and may be windowed.
struct AudioThresholdParsingTests {
    @Test func audioMetricsAreFractionsAndWindowable() throws {
        let t = try Threshold(metric: "audio.match.p5", condition: "> 90%")
        #expect(t.bound == 0.9 && t.holds(for: 0.95) && !t.holds(for: 0.8))
        #expect(try Threshold(metric: "audio.concealed_ratio", condition: "< 0.1%").bound == 0.001)
        for m in Threshold.audioMetrics {
            #expect(Threshold.knownMetrics.contains(m))
            #expect(Threshold.hasPerSecondSeries(m))
        }
        #expect(throws: ThresholdError.self) { try Threshold(metric: "audio.match.p99", condition: "> 0.9") }
    }

    @Test func aScenarioReadsDecodeAndAudioThresholds() throws {
        let s = try ScenarioLoader.parse("""
        name: d
        listeners:
          decode: 20
          stages:
            - ramp: 100
              over: 2s
        thresholds:
          audio.match.p5: "> 0.95"
          audio.silent_ratio:
            condition: "< 1%"
            window: 5s

        """, file: "d.yaml")
        #expect(s.listeners.settings.decode == .count(20))
        #expect(s.thresholds.map(\.metric).sorted() == ["audio.match.p5", "audio.silent_ratio"])
    }

    @Test func aBadDecodeValueNamesFileLineAndValue() {
        do {
            _ = try ScenarioLoader.parse("name: d\nlisteners:\n  decode: lots\n  stages:\n    - ramp: 10\n      over: 1s\n", file: "d.yaml")
            Issue.record("accepted decode: lots")
        } catch {
            let text = "\(error)"
            #expect(text.contains("d.yaml") && text.contains("decode") && text.contains("lots"), "\(text)")
        }
    }
}
