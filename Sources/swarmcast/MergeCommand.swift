import ArgumentParser
import Foundation
import SwarmcastReport
import SwarmcastScenario

/// `swarmcast merge DIR... --out DIR`: one run from several (shards, hosts).
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge run directories made at the same time (shards on several hosts) by adding histograms and counts.",
        discussion: """
        Shards (runs whose summary.json has a shard) must be indices 0..K-1, each once, with one plan hash; \
        otherwise the merged run is written with complete: false and the reason (missing-shard:I, \
        duplicate-shard:I, plan-hash-mismatch:...), exit 1. With --scenario its thresholds are judged \
        on the merged result (exit 99 when one fails or is inconclusive).
        """
    )

    @Argument(help: "Run directories to merge.")
    var runs: [String]
    @Option(help: "Directory for the merged run.")
    var out: String
    @Option(help: "Scenario whose thresholds to judge the merged run by (exit 99 when one fails).")
    var scenario: String?

    func validate() throws {
        guard runs.count >= 1 else { throw ValidationError("give at least one run directory") }
    }

    func run() throws {
        let results: [RunResult]
        do { results = try runs.map { try RunResult.read(directory: URL(fileURLWithPath: $0)) } } catch {
            throw CommandExit(.badInput, message: "Error: \(error)")
        }
        guard var merged = RunMerger.merge(results, names: runs) else { return }
        var text: String?
        var given: Scenario?
        if let scenario {
            let s: Scenario
            do { s = try ScenarioLoader.load(path: scenario) } catch { throw CommandExit(.badInput, message: "Error: \(error)") }
            merged.summary.thresholds = ThresholdEvaluator.evaluate(s.thresholds, on: merged.summary, series: SecondSeries(result: merged))
            text = try? String(contentsOfFile: scenario, encoding: .utf8)
            given = s
        }
        try RunWriter.write(merged, to: URL(fileURLWithPath: out), scenarioText: text, scenarioYAML: mergedScenarioYAML(given: given))
        print(ResultPrinter.text(merged.summary, outDirectory: out))
        if !merged.summary.complete {
            throw CommandExit(.failure, message: "merged run incomplete: \(merged.summary.incompleteReasons.joined(separator: ", "))")
        }
        if merged.summary.thresholds.contains(where: { !$0.passed }) { throw CommandExit(.thresholdFailed, message: "thresholds failed") }
    }

    /// The merged run's scenario.yaml: what the inputs ran (their scenario.yaml, which records
    /// `--server` and the other flags; shards of one swarm ran the same one), else the
    /// `--scenario` file; nil (no file) when neither says.
    private func mergedScenarioYAML(given: Scenario?) -> String? {
        let command = "swarmcast merge " + CommandLine.arguments.dropFirst(2).joined(separator: " ")
        let ran = runs.map { RunScenarioFile.read(runOrRunSet: $0) }
        if let first = ran.first ?? nil {
            var notes = ["Merged from \(runs.joined(separator: ", ")): the scenario they ran (\(runs[0])/scenario.yaml)."]
            // Shards differ only in their own shard and start, which their files keep as comments,
            // and may each swarm their own server (one edge per shard): the address is not the
            // scenario.
            func sameExceptServer(_ a: Scenario, _ b: Scenario) -> Bool {
                var b = b
                b.server.address = a.server.address
                return a == b
            }
            let differing = zip(runs, ran).filter { $0.1.map { !sameExceptServer(first, $0) } ?? false }.map(\.0)
            let servers = Set(ran.compactMap { $0?.server.address })
            if servers.count > 1 { notes.append("The shards swarmed \(servers.sorted().joined(separator: ", ")) (server.address below is the first's).") }
            let missing = zip(runs, ran).filter { $0.1 == nil }.map(\.0)
            if !differing.isEmpty {
                notes.append("WARNING: \(differing.joined(separator: ", ")) ran a different scenario (see their scenario.yaml).")
                FileHandle.standardError.write(Data("warning: \(differing.joined(separator: ", ")) ran a different scenario than \(runs[0]) (scenario.yaml differs)\n".utf8))
            }
            if !missing.isEmpty { notes.append("\(missing.joined(separator: ", ")) recorded no scenario.yaml.") }
            return RunScenarioFile.yaml(first, command: command, notes: notes)
        }
        guard let given else { return nil }
        return RunScenarioFile.yaml(given, command: command, notes: ["The runs merged recorded no scenario.yaml: this is --scenario \(scenario ?? "")."])
    }
}
