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
    @Option(name: .customLong("churn-mean"), help: "Mean listener session length (exponential); a leaving listener is replaced.")
    var churnMean: DurationArgument?
    @Option(help: "Agent processes (default: one per --max-per-agent listeners).")
    var agents: Int?
    @Option(name: .customLong("max-per-agent"), help: "Connections one agent may hold (the open-files cap is 20,000).")
    var maxPerAgent = 19_000
    @Option(name: .customLong("late-after"), help: "A frame delayed more than this counts as late.")
    var lateAfter = DurationArgument(.milliseconds(500))
    @Option(name: .customLong("stall-after"), help: "A listener that hears nothing for this long has stalled.")
    var stallAfter = DurationArgument(.seconds(1))
    @Option(name: .customLong("connect-timeout"), help: "Connect-to-WELCOME deadline.")
    var connectTimeout = DurationArgument(.seconds(10))
    @Flag(help: "Reconnect after unplanned disconnects (jittered exponential backoff).")
    var reconnect = false
    @Option(help: "Speaker clients to run (role speaker; use with a server started with --demo-speakers 0).")
    var speakers = 0
    @Option(name: .customLong("protocol"), help: "Listener protocol: native (Swarmcast frames) or http-audio (Icecast-style GET of a mount).")
    var listenerProtocol = "native"
    @Option(name: .customLong("http-path"), help: "With --protocol http-audio: the path to GET, {room} standing for the room (an Icecast mount: /room{room}).")
    var httpPath = "/rooms/{room}/listen"
    @Option(name: .customLong("source-url"), help: "Feed an Icecast-style server: http://source:PASSWORD@HOST:PORT/MOUNT (timed chunks at the frame rate).")
    var sourceURL: String?
    @Option(help: "Directory for summary.json, timeline.csv and the other report files.")
    var out: String?
    @Option(help: "Progress display: auto|line|plain|none.")
    var progress = "auto"
    @Option(help: "Seed for churn and jitter.")
    var seed: UInt64 = 1

    func validate() throws {
        guard listeners >= 1 else { throw ValidationError("--listeners must be at least 1, got \(listeners)") }
        guard duration.value > .zero else { throw ValidationError("--duration must be positive, e.g. 30s") }
        guard ramp.value <= duration.value else { throw ValidationError("--ramp (\(DurationText.format(ramp.value))) must not be longer than --duration (\(DurationText.format(duration.value)))") }
        if let r = arrivalRate, !(r > 0) { throw ValidationError("--arrival-rate must be positive, got \(r)") }
        if let a = agents, a < 1 || a > 256 { throw ValidationError("--agents must be 1 to 256, got \(a)") }
        if maxPerAgent < 1 || maxPerAgent > 19_900 { throw ValidationError("--max-per-agent must be 1 to 19900 (the open-files cap is 20,000), got \(maxPerAgent)") }
        if let r = rooms, r < 1 { throw ValidationError("--rooms must be at least 1, got \(r)") }
        if room != nil && rooms != nil { throw ValidationError("use either --room N or --rooms N, not both") }
        guard ProgressMode(rawValue: progress) != nil else { throw ValidationError("--progress must be auto, line, plain or none, got '\(progress)'") }
        guard ListenerProtocol(rawValue: listenerProtocol) != nil else { throw ValidationError("--protocol must be native or http-audio, got '\(listenerProtocol)'") }
        if let s = sourceURL, SourceURL(s) == nil { throw ValidationError("--source-url must look like http://source:hackme@127.0.0.1:8000/room1, got '\(s)'") }
        guard httpPath.hasPrefix("/") else { throw ValidationError("--http-path must start with /, e.g. /rooms/{room}/listen") }
    }

    func makeOptions() -> SwarmOptions {
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
        options.agents = agents
        options.maxConnectionsPerAgent = maxPerAgent
        options.churnMeanSeconds = churnMean?.value.seconds
        options.lateAfterMillis = lateAfter.value.seconds * 1000
        options.stallAfterMillis = stallAfter.value.seconds * 1000
        options.connectTimeoutMillis = connectTimeout.value.seconds * 1000
        options.reconnect = reconnect
        options.speakers = speakers
        options.seed = seed
        options.progress = ProgressMode(rawValue: progress) ?? .auto
        options.listenerProtocol = ListenerProtocol(rawValue: listenerProtocol) ?? .native
        options.httpPath = httpPath
        options.sourceURL = sourceURL.flatMap(SourceURL.init)
        return options
    }

    func run() throws {
        ProcessLimits.raiseOpenFileLimit()
        let coordinator = try SwarmCoordinator(options: makeOptions(), executable: SelfExecutable.path)
        let result = try coordinator.run()
        if let out { try RunWriter.write(result, to: URL(fileURLWithPath: out)) }
        print(ResultPrinter.text(result.summary, outDirectory: out))
        if !result.summary.complete {
            throw CommandExit(code: 1, message: "run incomplete: \(result.summary.incompleteReasons.joined(separator: ", "))")
        }
    }
}

/// The path of the running binary, so agents run the same build as the coordinator.
enum SelfExecutable {
    static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
