import SwarmcastScenario
import SwarmcastSettings
import Testing

struct ShardIdentityTests {
    @Test func flagAloneAndEnvironmentAlone() throws {
        #expect(try ShardIdentity.resolve(flag: "2/5", environment: [:]) == ShardIdentity(index: 2, count: 5, source: "t"))
        #expect(try ShardIdentity.resolve(flag: nil, environment: [:]) == .whole)
        #expect(try ShardIdentity.resolve(flag: nil, environment: ["JOB_COMPLETION_INDEX": "3", "SWARMCAST_SHARDS": "4"]).description == "3/4")
        #expect(try ShardIdentity.resolve(flag: nil, environment: ["SLURM_PROCID": "0", "SLURM_NTASKS": "2"]).description == "0/2")
        // A pod passing its index on the command line with the count needs no SWARMCAST_SHARDS.
        #expect(try ShardIdentity.resolve(flag: "1/4", environment: ["JOB_COMPLETION_INDEX": "1"]).description == "1/4")
        #expect(try ShardIdentity.resolve(flag: "1/3", environment: ["SLURM_PROCID": "1", "SLURM_NTASKS": "3"]).description == "1/3")
    }

    @Test func disagreementNamesBothValues() {
        let cases: [(String?, [String: String], [String])] = [
            ("1/3", ["JOB_COMPLETION_INDEX": "0", "SWARMCAST_SHARDS": "3"], ["--shard 1/3", "JOB_COMPLETION_INDEX=0", "shard 0/3"]),
            ("0/2", ["SLURM_PROCID": "0", "SLURM_NTASKS": "4"], ["--shard 0/2", "SLURM_NTASKS=4"]),
            ("2/4", ["JOB_COMPLETION_INDEX": "1"], ["--shard 2/4", "JOB_COMPLETION_INDEX=1"]),
            ("3/3", [:], ["index 3", "count 3"]),
            ("0/0", [:], ["index 0", "count 0"]),
            ("-1/2", [:], ["index -1", "count 2"]),
            ("two/3", [:], ["--shard", "'two/3'"]),
            (nil, ["JOB_COMPLETION_INDEX": "1"], ["JOB_COMPLETION_INDEX=1", "SWARMCAST_SHARDS"]),
            (nil, ["JOB_COMPLETION_INDEX": "5", "SWARMCAST_SHARDS": "5"], ["index 5", "count 5"]),
            (nil, ["SWARMCAST_SHARDS": "4"], ["SWARMCAST_SHARDS=4"]),
        ]
        for (flag, env, words) in cases {
            do {
                let s = try ShardIdentity.resolve(flag: flag, environment: env)
                Issue.record("accepted \(flag ?? "no flag") with \(env) as \(s)")
            } catch {
                for word in words { #expect(error.message.contains(word), "\(error.message) should name \(word)") }
            }
        }
    }

    @Test func startTimesAreUTCOrRelative() {
        #expect(StartTime.resolve("2026-11-26T12:00:00Z", nowEpochNanos: 0) == 1_795_694_400_000_000_000)
        #expect(StartTime.resolve("2026-11-26T12:00:00.250Z", nowEpochNanos: 0) == 1_795_694_400_250_000_000)
        #expect(StartTime.resolve("+30s", nowEpochNanos: 1_000_000_000) == 31_000_000_000)
        #expect(StartTime.problem("2026-11-26T12:00:00+01:00") != nil, "UTC only")
        #expect(StartTime.problem("soon") != nil)
        var settings = RunSettings()
        #expect(throws: SettingsError.self) { try RunSettings.field("start_at")!.assign(text: "noon", to: &settings) }
        #expect(settings.startTolerance == .seconds(2))
    }
}

struct RunSectionTests {
    @Test func scenarioRunSectionIsReadByTheDeclarations() throws {
        let s = try ScenarioLoader.parse("name: s\nlisteners:\n  stages:\n    - ramp: 10\n      over: 1s\nrun:\n  start_at: \"+5s\"\n  start_tolerance: 500ms\n", file: "s.yaml")
        #expect(s.run.startAt == "+5s" && s.run.startTolerance == .milliseconds(500))
        #expect(s.run.startEpochNanos(now: 1_000_000_000) == 6_000_000_000)
        do {
            _ = try ScenarioLoader.parse("name: s\nlisteners:\n  stages:\n    - ramp: 10\n      over: 1s\nrun:\n  start_at: tomorrow\n", file: "s.yaml")
            Issue.record("accepted start_at: tomorrow")
        } catch {
            #expect(error.description.contains("s.yaml:7:13: run.start_at"), "\(error.description)")
            #expect(error.description.contains("tomorrow"))
        }
    }
}
