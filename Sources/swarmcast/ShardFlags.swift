import ArgumentParser
import Foundation
import SwarmcastScenario
import SwarmcastSettings

/// The flags that make a process one shard of a swarm that starts at a common time, shared by
/// `run` and `swarm`. The start settings are read through their declarations in `RunSettings`
/// (help text included); the shard identity through `ShardIdentity`, which also reads the
/// environment a scheduler sets.
struct ShardFlags: ParsableArguments {
    @Option(name: .customLong("shard"), help: ArgumentHelp("Run shard I of K (I/K, 0-based): listeners g with g mod K == I. Default: JOB_COMPLETION_INDEX with SWARMCAST_SHARDS, or SLURM_PROCID with SLURM_NTASKS; a flag that disagrees with them is an error.", valueName: "I/K"))
    var shard: String?
    @Option(name: .customLong("start-at"), help: ArgumentHelp(RunSettings.field("start_at")!.doc + " (also $SWARMCAST_START_AT)", valueName: "TIME"))
    var startAt: String?
    @Option(name: .customLong("start-tolerance"), help: ArgumentHelp(RunSettings.field("start_tolerance")!.doc + " (default 2s)", valueName: "DURATION"))
    var startTolerance: String?
    @Option(name: .customLong("clock-skew"), help: ArgumentHelp(RunSettings.field("clock_skew")!.doc, valueName: "DURATION"))
    var clockSkew: String?

    /// This process's shard: the flag, the environment, or both agreeing (exit 2 otherwise).
    func identity(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ShardIdentity {
        do { return try ShardIdentity.resolve(flag: shard, environment: environment) } catch { throw ValidationError(error.message) }
    }

    /// `base` (the scenario's `run:` section) with `$SWARMCAST_START_AT` and then the flags over it.
    func runSettings(base: RunSettings = RunSettings(), environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RunSettings {
        var settings = base
        let given: [(String, String?, String)] = [
            ("start_at", environment["SWARMCAST_START_AT"], "SWARMCAST_START_AT"),
            ("start_at", startAt, "--start-at"), ("start_tolerance", startTolerance, "--start-tolerance"), ("clock_skew", clockSkew, "--clock-skew"),
        ]
        for (key, value, name) in given {
            guard let value else { continue }
            do { try RunSettings.field(key)!.assign(text: value, to: &settings) } catch {
                throw ValidationError("\(name): \(error.message) (got '\(value)')")
            }
        }
        return settings
    }
}
