import ArgumentParser
import Foundation
import SwarmcastReport
import SwarmcastScenario

/// `swarmcast merge DIR... --out DIR`: one run from several (shards, hosts).
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge run directories made at the same time (shards on several hosts) by adding histograms and counts."
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
            throw CommandExit(code: 2, message: "Error: \(error)")
        }
        guard var merged = RunMerger.merge(results) else { return }
        var text: String?
        if let scenario {
            let s: Scenario
            do { s = try ScenarioLoader.load(path: scenario) } catch { throw CommandExit(code: 2, message: "Error: \(error)") }
            merged.summary.thresholds = ThresholdEvaluator.evaluate(s.thresholds, on: merged.summary)
            text = try? String(contentsOfFile: scenario, encoding: .utf8)
        }
        try RunWriter.write(merged, to: URL(fileURLWithPath: out), scenarioText: text)
        print(ResultPrinter.text(merged.summary, outDirectory: out))
        if merged.summary.thresholds.contains(where: { !$0.passed }) { throw CommandExit(code: 99, message: "thresholds failed") }
    }
}

/// `swarmcast compare BASE NEW`: side by side, non-zero on a regression.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Show two runs side by side; exit 99 when NEW is worse than BASE by more than --max-regression."
    )

    @Argument(help: "The baseline run directory (or its summary.json).")
    var base: String
    @Argument(help: "The new run directory (or its summary.json).")
    var new: String
    @Option(name: .customLong("max-regression"), help: "Allowed worsening, e.g. 10% or 0.1.")
    var maxRegression = "10%"

    func fraction() -> Double? {
        maxRegression.hasSuffix("%") ? Double(maxRegression.dropLast()).map { $0 / 100 } : Double(maxRegression)
    }

    func validate() throws {
        guard let f = fraction(), f >= 0 else { throw ValidationError("--max-regression must be a percentage such as 10% or a fraction such as 0.1, got '\(maxRegression)'") }
    }

    func run() throws {
        func load(_ path: String) throws -> RunSummary {
            let url = URL(fileURLWithPath: path)
            let file = path.hasSuffix(".json") ? url : url.appendingPathComponent("summary.json")
            do { return try RunWriter.readSummary(file) } catch { throw CommandExit(code: 2, message: "Error: \(file.path): cannot read summary (\(error))") }
        }
        let comparison = RunComparison(base: try load(base), new: try load(new), maxRegression: fraction() ?? 0.1)
        print(comparison.table(baseName: base, newName: new))
        if comparison.regressed { throw CommandExit(code: 99, message: "regression beyond \(maxRegression)") }
    }
}
