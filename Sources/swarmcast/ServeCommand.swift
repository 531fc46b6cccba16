import ArgumentParser
import Foundation
import Logging
import SwarmcastLoop
import SwarmcastServer
import SwarmcastSettings

/// `swarmcast serve`: run the broadcast server.
///
/// Only what differs per process is declared here as options; every broadcast setting is read by
/// its declaration in SwarmcastSettings (`SettingsFlags`), so a new setting is a flag, a JSON key
/// and a help line without touching this file.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the broadcast server: rooms, speakers, fan-out to listeners, /metrics.",
        discussion: """
        Stops on SIGINT or SIGTERM after saying BYE(shutdown) to every client; exits 0.

        SETTINGS (also as --settings-json '{"server":{...},"audio":{...}}' with snake_case keys; flags override it):
        \(ServerSettings.helpText)
        \(AudioSettings.helpText)

        --speaker-secret falls back to $SWARMCAST_SPEAKER_SECRET. An edge (--edge-of) takes every setting from its origin.
        Every server also accepts edges (--edge-of) on its listening port, so edges form a tree (swarmcast_tree_depth).
        The metrics port serves /metrics, /health and /settings (what this process, and an origin's edges, run with).
        """
    )

    @Option(help: "Address listeners and speakers connect to (HOST:PORT, [V6]:PORT).")
    var listen = SocketAddress(host: "127.0.0.1", port: 7400)
    @Option(help: "Address of the /metrics, /health and /settings HTTP endpoint (off when not given).")
    var metrics: SocketAddress?
    @Flag(name: .customLong("reuse-port"), help: "Bind with SO_REUSEPORT so several processes share the port.")
    var reusePort = false
    @Option(name: .customLong("log-level"), help: "trace|debug|info|notice|warning|error|critical")
    var logLevel = "info"
    @Option(help: "Edge processes: an origin runs the rooms and N edges accept listeners on --listen (SO_REUSEPORT), each up to --max-listeners.")
    var workers = 0
    @Option(help: "With --workers: where edges and speaker clients reach the origin (default: a free loopback port, logged).")
    var origin: SocketAddress?
    @Option(name: .customLong("edge-of"), help: "Run as an edge of the server at HOST:PORT (an origin, a single server or another edge): relay its rooms to listeners on --listen with the settings it sends; reconnects when the link drops; accepts edges of its own on --listen.")
    var edgeOf: SocketAddress?
    @Option(name: .customLong("settings-json"), help: "Settings as JSON, full or partial: {\"server\":{\"rooms\":4},\"audio\":{\"frames_per_packet\":5}}.")
    var settingsJSON: String?
    @Flag(name: .customLong("print-settings"), help: "Print the process and settings this would run with (sorted JSON) and exit.")
    var printSettings = false
    @Flag(name: .customLong("die-with-parent"), help: .hidden)
    var dieWithParent = false
    @Option(name: .customLong("edge-index"), help: .hidden)
    var edgeIndex = 0
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var settingFlags: [String] = []

    /// The settings: defaults, then --settings-json, then flags, then the secret's environment fallback.
    func makeSettings() throws -> BroadcastSettings {
        var tokens = settingFlags
        let settings: BroadcastSettings
        switch Result(catching: { () throws(SettingsError) -> BroadcastSettings in try Self.settings(json: settingsJSON, flags: &tokens) }) {
        case .success(let s): settings = s
        case .failure(let error): throw ValidationError("invalid \(error.key) '\(error.value)': \(error.message)")
        }
        if let unknown = tokens.first {
            throw ValidationError("unknown flag or argument '\(unknown)' (see `swarmcast serve --help` for every setting)")
        }
        return settings
    }

    private static func settings(json: String?, flags tokens: inout [String]) throws(SettingsError) -> BroadcastSettings {
        var settings = BroadcastSettings()
        if let json { settings = try BroadcastSettings.merging(json: Array(json.utf8), over: settings) }
        try SettingsFlags.take(from: &tokens, into: &settings.server)
        try SettingsFlags.take(from: &tokens, into: &settings.audio)
        if settings.server.speakerSecret == nil, let secret = ProcessInfo.processInfo.environment["SWARMCAST_SPEAKER_SECRET"], !secret.isEmpty {
            settings.server.speakerSecret = secret
        }
        try settings.validate()
        return settings
    }

    func makeConfiguration() throws -> ServerConfiguration {
        var c = ServerConfiguration()
        c.listen = listen
        c.metrics = metrics
        c.reusePort = reusePort
        c.workers = workers
        c.edgeIndex = edgeIndex
        c.workerExecutable = SelfExecutable.path
        if let edgeOf {
            guard workers == 0 else { throw ValidationError("--edge-of and --workers do not go together: an edge starts no local edges (other edges may join it with --edge-of)") }
            c.role = .edge
            c.originAddress = edgeOf
        } else {
            c.role = workers > 0 ? .origin : .standalone
            c.originAddress = origin
        }
        c.settings = try makeSettings()
        if c.role == .edge && !(settingFlags.isEmpty && settingsJSON == nil) {
            throw ValidationError("an edge (--edge-of) takes every setting from its origin; give settings to the origin instead")
        }
        do { try c.validate() } catch { throw ValidationError(error.description) }
        return c
    }

    func validate() throws {
        _ = try makeConfiguration()
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("invalid --log-level '\(logLevel)': use trace, debug, info, notice, warning, error or critical") }
    }

    func run() throws {
        let configuration = try makeConfiguration()
        if printSettings {
            print(SettingsDocument(process: configuration.processDescription, settings: configuration.settings).json)
            return
        }
        LoggingSetup.bootstrap(level: Logger.Level(rawValue: logLevel) ?? .info)
        if dieWithParent && !ProcessLimits.dieWithParent() { return }
        let server: BroadcastServer
        do {
            server = try BroadcastServer(configuration: configuration)
        } catch {
            throw RuntimeFailure(error.description)
        }
        server.run()
        if server.exitStatus != 0 { throw CommandExit(code: server.exitStatus, message: "") }
    }
}
