import ArgumentParser
import Foundation
import SwarmcastReport
import SwarmcastScenario
import SwarmcastRunner
import SwarmcastSwarm
import SwarmcastLoop

/// `swarmcast run SCENARIO.yaml`: the whole job from one file.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario: start the server it asks for, swarm it, write the report, judge the thresholds.",
        discussion: ExitStatus.helpLine
    )

    @Argument(help: "Scenario file (YAML), e.g. Configs/quickstart.yaml.")
    var scenario: String
    @Option(help: "Run directory (default: runs/<scenario>-<date>).")
    var out: String?
    @Option(help: "Progress display: auto|line|plain|none.")
    var progress = "auto"
    @Option(help: "Run the scenario N times in a row (the server restarted each time): DIR/run-1 … run-N and an aggregate DIR/summary.json.")
    var runs = 1
    @Option(help: ArgumentHelp("Swarm this server instead of the scenario's (implies server.start: false); what shards give to share one server.", valueName: "HOST:PORT"))
    var server: String?
    @Option(help: ArgumentHelp("Serve the swarm's live figures for Prometheus at http://HOST:PORT/metrics while it runs.", valueName: "HOST:PORT"))
    var metrics: SocketAddress?
    @OptionGroup var shardFlags: ShardFlags

    func validate() throws {
        guard (1...100).contains(runs) else { throw ValidationError("--runs must be 1 to 100, got \(runs)") }
        if let server, (try? SocketAddress(parsing: server)) == nil || server.hasSuffix(":0") {
            throw ValidationError("--server must be HOST:PORT of a running server, got '\(server)'")
        }
        let shard = try shardFlags.identity()
        if shard.isPartial && runs > 1 { throw ValidationError("--runs \(runs) with --shard \(shard): run the shards once each and merge them") }
        _ = try shardFlags.runSettings()
        guard ProgressMode(rawValue: progress) != nil else { throw ValidationError("--progress must be auto, line, plain or none, got '\(progress)'") }
    }

    func run() throws {
        let commandStart = WallClock.realtimeNanos()
        var loaded: Scenario
        do { loaded = try ScenarioLoader.load(path: scenario) } catch { throw CommandExit(.badInput, message: "Error: \(error)") }
        loaded.run = try shardFlags.runSettings(base: loaded.run)
        if let server {
            // A server someone else runs: ours is not started, and it brings its own audio.
            loaded.server.start = false
            loaded.server.address = server
            loaded.server.workers = 0
            if loaded.speakers.clients == 0 { loaded.server.settings.demoSpeakers = 0 }
        }
        let shard = try shardFlags.identity()
        if shard.isPartial && loaded.server.start {
            throw CommandExit(.badInput, message: "Error: " + ScenarioRunner.shardNeedsSharedServer(shard, file: scenario))
        }
        let text = (try? String(contentsOfFile: scenario, encoding: .utf8)) ?? ""
        let directory = out ?? RunCommand.defaultDirectory(for: loaded.name)
        // What ran, for the run directory (and each run of --runs N): plan, compare and a rerun read it.
        let ran = RunScenarioFile.yaml(loaded, command: "swarmcast " + CommandLine.arguments.dropFirst().joined(separator: " "), shard: shard)
        guard runs > 1 else { return try runOnce(loaded, text: text, ran: ran, directory: directory, shard: shard, commandStart: commandStart) }
        var summaries: [RunSummary] = []
        var directories: [String] = []
        var failure: CommandExit?
        for i in 1...runs {
            let runDirectory = "\(directory)/run-\(i)"
            print("\n=== run \(i) of \(runs) ===")
            do { try runOnce(loaded, text: text, ran: ran, directory: runDirectory, shard: shard, commandStart: commandStart) } catch let exit as CommandExit {
                // A run whose thresholds failed still counts; an incomplete one ends the series.
                if !exit.message.isEmpty { print("run \(i): \(exit.message)") }
                if exit.code != ExitStatus.thresholdFailed.rawValue { failure = exit; break }
            }
            summaries.append(try RunWriter.readSummary(URL(fileURLWithPath: runDirectory).appendingPathComponent("summary.json")))
            directories.append("run-\(i)")
        }
        let aggregate = RunAggregate(scenario: loaded.name, summaries: summaries, directories: directories, thresholds: loaded.thresholds)
        try RunAggregateWriter.write(aggregate, to: URL(fileURLWithPath: directory))
        try RunWriter.atomicWrite(ran, to: URL(fileURLWithPath: directory).appendingPathComponent(RunScenarioFile.fileName))
        print("\n" + aggregate.text + "\nreport      \(directory)/report.html  (summary.json: the aggregate; run-1 … run-\(summaries.count): each run)")
        if let failure { throw failure }
        if aggregate.aggregateFailed {
            throw CommandExit(.thresholdFailed, message: "thresholds failed on the median of \(runs) runs")
        }
    }

    /// One run: server, swarm, report in `directory`; throws exit 1 (incomplete) or 99 (thresholds).
    private func runOnce(_ loaded: Scenario, text: String, ran: String, directory: String, shard: ShardIdentity, commandStart: UInt64) throws {
        let part = shard.isPartial ? " (shard \(shard))" : ""
        print("swarmcast run \(scenario): \(loaded.listeners.schedule.peakTarget) listeners at peak\(part), \(Int(loaded.durationSeconds)) s, report in \(directory)/")
        fflush(nil)
        let runner = ScenarioRunner(scenario: loaded, executable: SelfExecutable.path, progress: ProgressMode(rawValue: progress) ?? .auto,
                                    shard: shard, commandStartEpochNanos: commandStart, metricsAddress: metrics?.description)
        let result: RunResult
        do { result = try runner.run() } catch { throw CommandExit(.failure, message: "Error: \(error)") }
        try RunWriter.write(result, to: URL(fileURLWithPath: directory), scenarioText: text, scenarioYAML: ran)
        print(ResultPrinter.text(result.summary, outDirectory: directory))
        if let aborted = result.summary.aborted {
            throw CommandExit(.thresholdFailed, message: "aborted: \(aborted) (abort_on_fail)")
        }
        if !result.summary.complete {
            throw CommandExit(.failure, message: "run incomplete: \(result.summary.incompleteReasons.joined(separator: ", "))")
        }
        if result.summary.thresholds.contains(where: { !$0.passed }) {
            throw CommandExit(.thresholdFailed, message: "thresholds failed: \(result.summary.thresholds.filter { !$0.passed }.map { "\($0.metric) \($0.condition)" }.joined(separator: ", "))")
        }
    }

    static func defaultDirectory(for name: String) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "runs/\(name)-\(formatter.string(from: Date()))"
    }
}

/// `swarmcast validate FILE...`: check scenarios without running them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files without running them; errors name file:line:column, field and value (exit 2)."
    )

    @Argument(help: "Scenario files.")
    var files: [String]

    func run() throws {
        var failed = false
        for file in files {
            do {
                let s = try ScenarioLoader.load(path: file)
                print("\(file): ok (\(s.name): \(s.listeners.schedule.peakTarget) listeners at peak, \(Int(s.durationSeconds)) s, \(s.thresholds.count) thresholds)")
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                failed = true
            }
        }
        if failed { throw CommandExit(.badInput, message: "") }
    }
}
