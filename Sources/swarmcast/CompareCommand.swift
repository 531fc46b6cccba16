import ArgumentParser
import Foundation
import SwarmcastReport
import SwarmcastScenario
import SwarmcastSettings

/// `swarmcast compare BASE NEW`: side by side with confidence intervals; exit 99 only on a
/// regression that stands out of the noise.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two runs (or two sets of runs) with confidence intervals; exit 99 on a regression beyond the noise.",
        discussion: """
        BASE and NEW are run directories, or directories written by `run --runs N` (run-1 … run-N). \
        With several runs a side each figure is the median over runs and its interval comes from \
        resampling the runs; with one run a side, from a block bootstrap over the run's seconds \
        (figures without a per-second series are shown but not judged). A figure is a REGRESSION \
        when it is worse by more than --max-regression and the interval of the change excludes zero; \
        'within noise' otherwise. Exit codes: 0 no regression, 99 regression, 2 bad arguments or runs.
        """
    )

    @Argument(help: "The base: a run directory, a `--runs N` directory, or (with --baseline) omitted.")
    var runs: [String] = []
    @Option(help: "Compare against the saved baseline of this name (see `swarmcast baseline save`) instead of a BASE path.")
    var baseline: String?
    @Option(help: "Folder of saved baselines (default $SWARMCAST_BASELINES or .swarmcast/baselines).")
    var baselines: String?
    @Option(name: .customLong("max-regression"), help: "Allowed worsening, e.g. 10% or 0.1.")
    var maxRegression = "10%"
    @Option(help: "Confidence of the intervals, e.g. 95% or 0.95.")
    var confidence = "95%"

    static func fraction(_ text: String) -> Double? {
        text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
    }

    func validate() throws {
        guard let f = Self.fraction(maxRegression), f >= 0 else { throw ValidationError("--max-regression must be a percentage such as 10% or a fraction such as 0.1, got '\(maxRegression)'") }
        guard let c = Self.fraction(confidence), c > 0.5, c < 1 else { throw ValidationError("--confidence must be between 50% and 100%, e.g. 95%, got '\(confidence)'") }
        let expected = baseline == nil ? 2 : 1
        guard runs.count == expected else {
            throw ValidationError(baseline == nil ? "give BASE and NEW run directories (or --baseline NAME and NEW)" : "with --baseline give only the NEW run directory")
        }
    }

    func run() throws {
        let basePath: String
        do { basePath = try baseline.map { try BaselineStore(directory: baselines).existing($0) } ?? runs[0] } catch {
            throw CommandExit(.badInput, message: "Error: \(error)")
        }
        let newPath = runs[runs.count - 1]
        let base: [RunResult], new: [RunResult]
        do {
            base = try RunSet.load(basePath)
            new = try RunSet.load(newPath)
        } catch { throw CommandExit(.badInput, message: "Error: \(error)") }
        let comparison = RunComparison(base: base.map(RunSample.init), new: new.map(RunSample.init),
                                       maxRegression: Self.fraction(maxRegression) ?? 0.1, confidence: Self.fraction(confidence) ?? 0.95)
        let difference = SettingsDifference(base: RunScenarioFile.read(runOrRunSet: basePath), new: RunScenarioFile.read(runOrRunSet: newPath), baseName: basePath, newName: newPath)
        if !difference.text.isEmpty { print(difference.text + "\n") }
        print(comparison.table(baseName: baseline.map { "baseline \($0) (\(basePath), \(base.count) runs)" } ?? "\(basePath) (\(base.count) runs)",
                               newName: "\(newPath) (\(new.count) runs)"))
        if comparison.regressed {
            let names = comparison.rows.filter(\.regressed).map(\.figure.label).joined(separator: ", ")
            throw CommandExit(.thresholdFailed, message: "regression beyond \(maxRegression) and outside the noise: \(names)")
        }
    }
}

/// `swarmcast baseline save NAME DIR` / `baseline list`: named baselines for `compare --baseline`.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Keep named baselines for `compare --baseline NAME`.",
        subcommands: [Save.self, List.self]
    )

    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Save a run (or a `run --runs N` directory) as the baseline NAME, replacing an older one.")
        @Argument(help: "Baseline name, e.g. main.") var name: String
        @Argument(help: "The run directory to keep.") var directory: String
        @Option(help: "Folder of saved baselines (default $SWARMCAST_BASELINES or .swarmcast/baselines).") var baselines: String?

        func run() throws {
            let store = BaselineStore(directory: baselines)
            do { try store.save(name, from: directory) } catch { throw CommandExit(.badInput, message: "Error: \(error)") }
            let ran = RunScenarioFile.read(runOrRunSet: directory)
            let tool = (try? RunSet.load(directory))?.first?.summary.tool
            print("baseline \(name) saved in \(store.path(name).path)")
            print("  ran \(ran.map { "\($0.name): \($0.listeners.schedule.peakTarget) listeners, packets every \(DurationText.format($0.audio.packetInterval))" } ?? "(no scenario.yaml recorded)")"
                  + (tool.map { ", swarmcast \($0.version) commit \(($0.commit ?? "unknown").prefix(12))" } ?? ""))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the saved baselines.")
        @Option(help: "Folder of saved baselines (default $SWARMCAST_BASELINES or .swarmcast/baselines).") var baselines: String?
        func run() throws {
            let store = BaselineStore(directory: baselines)
            let names = store.names()
            print(names.isEmpty ? "no baselines in \(store.root.path)" : names.joined(separator: "\n"))
        }
    }
}
