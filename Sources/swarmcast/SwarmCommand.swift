import SwarmcastSettings
import ArgumentParser
import Foundation
import Logging
import SwarmcastLoop
import SwarmcastReport
import SwarmcastScenario
import SwarmcastSwarm

/// `swarmcast swarm`: open listener connections on a schedule and measure what they feel.
struct SwarmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarm",
        abstract: "Swarm a broadcast server with listeners and measure delay, first audio, losses and failures.",
        discussion: """
        Listeners ramp to --listeners over --ramp and stay until --duration ends (or arrive at \
        --arrival-rate per second, up to --listeners). Exits 0 when the run completed, 1 when it was \
        cut short (server gone, Ctrl-C, lost agent); what was measured is written to --out either way.

        Listener settings:
        \(ListenerSettings.helpText)
        """
    )

    @Option(help: "Server to swarm (HOST:PORT); repeat to spread listeners over several.")
    var server: [SocketAddress] = [SocketAddress(host: "127.0.0.1", port: 7400)]
    @Option(help: "Room listeners join.")
    var room: UInt32?
    @Option(help: "Spread listeners over rooms 1...N instead of one --room.")
    var rooms: Int?
    @Option(help: "Listeners to reach.")
    var listeners = 1000
    @Option(help: "Time to ramp from 0 to --listeners.")
    var ramp = DurationArgument(.seconds(5))
    @Option(help: "Length of the whole run, ramp included.")
    var duration = DurationArgument(.seconds(30))
    @Option(name: .customLong("arrival-rate"), help: "Listeners started per second (open model) instead of a ramp; stops at --listeners.")
    var arrivalRate: Double?
    @Option(name: .customLong("join-storm"), help: "Listeners that all arrive at once after the ramp (a join storm).")
    var joinStorm: Int?
    @Option(help: "Speaker clients to run (role speaker; use with a server started with --demo-speakers 0).")
    var speakers = 0
    @Option(name: .customLong("source-url"), help: "Feed an Icecast-style server: http://source:PASSWORD@HOST:PORT/MOUNT (timed chunks at the frame rate).")
    var sourceURL: String?
    @Option(help: "Directory for summary.json, timeline.csv and the other report files.")
    var out: String?
    @Option(help: "Progress display: auto|line|plain|none.")
    var progress = "auto"
    @Option(help: ArgumentHelp("Serve the swarm's live figures for Prometheus at http://HOST:PORT/metrics while it runs.", valueName: "HOST:PORT"))
    var metrics: SocketAddress?
    @OptionGroup var shardFlags: ShardFlags
    /// Listener settings as flags (`--late-after 2s`, `--reconnect`, ...), read by the
    /// declarations in `ListenerSettings` so this command restates none of them.
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var settingFlags: [String] = []

    /// The listener settings the flags give; a token that names no setting is an error naming it.
    func listenerSettings() throws -> ListenerSettings {
        var settings = ListenerSettings()
        var tokens = settingFlags
        do { try SettingsFlags.take(from: &tokens, into: &settings) } catch { throw ValidationError("\(error)") }
        if let unknown = tokens.first {
            throw ValidationError("unknown option '\(unknown)' (see swarmcast swarm --help)")
        }
        return settings
    }

    func validate() throws {
        guard listeners >= 1 else { throw ValidationError("--listeners must be at least 1, got \(listeners)") }
        guard duration.value > .zero else { throw ValidationError("--duration must be positive, e.g. 30s") }
        guard ramp.value <= duration.value else { throw ValidationError("--ramp (\(DurationText.format(ramp.value))) must not be longer than --duration (\(DurationText.format(duration.value)))") }
        if let r = arrivalRate, !(r > 0) { throw ValidationError("--arrival-rate must be positive, got \(r)") }
        if let r = rooms, r < 1 { throw ValidationError("--rooms must be at least 1, got \(r)") }
        if room != nil && rooms != nil { throw ValidationError("use either --room N or --rooms N, not both") }
        _ = try listenerSettings()
        guard ProgressMode(rawValue: progress) != nil else { throw ValidationError("--progress must be auto, line, plain or none, got '\(progress)'") }
        if let s = sourceURL, SourceURL(s) == nil { throw ValidationError("--source-url must look like http://source:hackme@127.0.0.1:8000/room1, got '\(s)'") }
        _ = try shardFlags.identity()
        _ = try shardFlags.runSettings()
    }

    func makeOptions() throws -> SwarmOptions {
        let seconds = duration.value.seconds
        var schedule: ArrivalSchedule
        if let rate = arrivalRate {
            let rampSeconds = min(Double(listeners) / rate, seconds)
            schedule = ArrivalSchedule(stages: [.rate(rate, for: rampSeconds)])
            if seconds > rampSeconds { schedule.stages.append(.hold(seconds - rampSeconds, at: Int(rate * rampSeconds))) }
        } else {
            schedule = .rampAndHold(listeners: listeners, ramp: ramp.value.seconds, duration: seconds)
        }
        if let storm = joinStorm, storm > 0 {
            // The storm lands right after the ramp; the hold keeps the bigger audience.
            let rampSeconds = ramp.value.seconds
            schedule = ArrivalSchedule(stages: [.ramp(to: listeners, over: rampSeconds), .storm(storm, thenHold: max(0, seconds - rampSeconds))])
        }
        var options = SwarmOptions(servers: server.map(\.description), schedule: schedule)
        if let rooms { options.rooms = (1...rooms).map(UInt32.init) } else { options.rooms = [room ?? 1] }
        options.listeners = try listenerSettings()
        options.speakers = speakers
        options.progress = ProgressMode(rawValue: progress) ?? .auto
        options.sourceURL = sourceURL.flatMap(SourceURL.init)
        options.shard = try shardFlags.identity()
        options.run = try shardFlags.runSettings()
        options.commandStartEpochNanos = WallClock.realtimeNanos()
        options.metricsAddress = metrics?.description
        return options
    }

    func run() throws {
        ProcessLimits.raiseOpenFileLimit()
        let coordinator = try SwarmCoordinator(options: try makeOptions(), executable: SelfExecutable.path)
        let result = try coordinator.run()
        if let out { try RunWriter.write(result, to: URL(fileURLWithPath: out)) }
        print(ResultPrinter.text(result.summary, outDirectory: out))
        if !result.summary.complete {
            throw CommandExit(.failure, message: "run incomplete: \(result.summary.incompleteReasons.joined(separator: ", "))")
        }
    }
}

/// The path of the running binary, so agents run the same build as the coordinator.
enum SelfExecutable {
    static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
