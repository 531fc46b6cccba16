import Foundation
import SwarmcastBuildInfo
import SwarmcastScenario
import SwarmcastSettings

/// A run directory's `scenario.yaml`: the scenario as it ran, so the directory says what ran and
/// `swarmcast run DIR/scenario.yaml` runs it again.
///
/// It is the scenario as loaded with every setting written out at its effective value (flags
/// such as `--server`, `--start-at` and `--clock-skew` applied), through `ScenarioWriter`, so the
/// same loader reads it. Two things are facts of the moment, not of the scenario, and a rerun
/// does not repeat them: an absolute `run.start_at` (a common start already past, which would
/// make the rerun refuse with late-start) is kept as a comment, and the shard (`--shard I/K`, who
/// the process was, never a scenario setting) is a comment too. A rerun starts when it is ready
/// and runs the whole swarm; give `--shard` and `--start-at` again to rerun one shard in line with
/// others. A relative `start_at` (`+30s`) is kept: it waits the same again. The speaker secret,
/// if one was set, is left out (named in a comment): run directories are copied into baselines
/// and dashboards.
public enum RunScenarioFile {
    public static let fileName = "scenario.yaml"

    /// The file's text for `scenario`; `command` says what ran it (`swarmcast run FILE`), `notes`
    /// are further comment lines.
    public static func yaml(_ scenario: Scenario, command: String, shard: ShardIdentity = .whole, notes: [String] = []) -> String {
        var s = scenario
        var header = [
            "What ran: \(command), as loaded, every setting at its effective value (flags applied).",
            "swarmcast \(BuildInfo.version), commit \(BuildInfo.commit)\(BuildInfo.sourceModified == true ? " (modified)" : "").",
            "Rerun: swarmcast run DIR/scenario.yaml --out NEWDIR (it starts when ready and runs the whole swarm).",
        ]
        if let start = s.run.startAt, !start.trimmingCharacters(in: .whitespaces).hasPrefix("+") {
            header.append("run.start_at was \(start): left out so a rerun does not wait for (or refuse) a start already past;")
            header.append("  give --start-at again to line shards up.")
            s.run.startAt = nil
        }
        if s.server.settings.speakerSecret != nil {
            // A secret is not written into a directory that gets copied into dashboards and baselines.
            header.append("server.speaker_secret was set: not recorded (a secret); give --speaker-secret again to rerun with it.")
            s.server.settings.speakerSecret = nil
        }
        if shard.isPartial {
            header.append("This was shard \(shard) (--shard): listeners g with g mod \(shard.count) == \(shard.index).")
            header.append("  Without --shard \(shard) a rerun swarms all \(shard.count) shards' listeners from one process.")
        }
        header += notes
        return ScenarioWriter.yaml(s, header: header, everySetting: true)
    }

    /// The scenario a run directory recorded, or nil when it has none (runs made before it was
    /// written) or it does not load.
    public static func read(directory: URL) -> Scenario? {
        try? ScenarioLoader.load(path: directory.appendingPathComponent(fileName).path)
    }

    /// The scenario a run or a run set ran: the directory's own scenario.yaml, else its first
    /// run's (a `run --runs N` directory keeps one per run). What `compare`, `baseline save` and
    /// `merge` read, so all three agree on what a directory ran.
    public static func read(runOrRunSet path: String) -> Scenario? {
        read(directory: URL(fileURLWithPath: path)) ?? ((try? RunSet.directories(path))?.first).flatMap(read(directory:))
    }
}
