import SwarmcastSettings
import ArgumentParser
import Foundation
import Logging
import SwarmcastLoop
import SwarmcastServer

/// `swarmcast serve`: run the broadcast server.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the broadcast server: rooms, speakers, fan-out to listeners, /metrics.",
        discussion: "Stops on SIGINT or SIGTERM after saying BYE(shutdown) to every client; exits 0."
    )

    @Option(help: "Address listeners and speakers connect to (HOST:PORT, [V6]:PORT).")
    var listen = SocketAddress(host: "127.0.0.1", port: 7400)
    @Option(help: "Address of the /metrics and /health HTTP endpoint (off when not given).")
    var metrics: SocketAddress?
    @Option(help: "Number of rooms (numbered 1...N).")
    var rooms = 1
    @Option(name: .customLong("demo-speakers"), help: "Built-in synthetic speakers per room (0-14: host + 13).")
    var demoSpeakers = 1
    @Option(name: .customLong("frame-interval"), help: "Audio frame duration.")
    var frameInterval = DurationArgument(.milliseconds(20))
    @Option(name: .customLong("payload-bytes"), help: "Payload bytes per frame (80 per 20 ms = 32 kbit/s).")
    var payloadBytes = 80
    @Option(name: .customLong("frames-per-packet"), help: "Frames grouped into one write per listener (150 = 3 s packets).")
    var framesPerPacket = 1
    @Option(name: .customLong("max-listeners"), help: "Listener ceiling of this process; beyond it REJECT(full).")
    var maxListeners = 19_000
    @Option(name: .customLong("max-room-listeners"), help: "Listener ceiling per room (default: none).")
    var maxRoomListeners: Int?
    @Option(name: .customLong("slow-listener"), help: "Policy for a listener that falls behind: \(SlowListenerPolicy.allCases.map(\.rawValue).joined(separator: "|")).")
    var slowListener = SlowListenerPolicy.skipToLive
    @Option(name: .customLong("backlog-frames"), help: "Audio frames that may wait for one listener before the slow-listener policy applies.")
    var backlogFrames = 250
    @Option(name: .customLong("handshake-timeout"), help: "Close connections that have not sent HELLO by then.")
    var handshakeTimeout = DurationArgument(.seconds(5))
    @Option(name: .customLong("max-frame-bytes"), help: "Largest frame accepted from a client.")
    var maxFrameBytes = 16 * 1024
    @Option(name: .customLong("max-pending-handshakes"), help: "Connections that have not said HELLO yet; past it new connections are closed at once.")
    var maxPendingHandshakes = 10_000
    @Option(name: .customLong("max-connections-per-address"), help: "Open connections from one source address (0: no limit).")
    var maxConnectionsPerAddress = 4096
    @Option(name: .customLong("speaker-idle-timeout"), help: "Close a speaker that sends no audio for this long.")
    var speakerIdleTimeout = DurationArgument(.seconds(10))
    @Option(name: .customLong("backlog-memory-bytes"), help: "Bytes queued for all listeners together before the slow-listener policy applies to everyone with a queue.")
    var backlogMemoryBytes = 1 << 30
    @Option(name: .customLong("speaker-secret"), help: "Require speaker tokens made with this secret (see `swarmcast token`); also $SWARMCAST_SPEAKER_SECRET.")
    var speakerSecret: String?
    @Flag(name: .customLong("reuse-port"), help: "Bind with SO_REUSEPORT so several processes share the port.")
    var reusePort = false
    @Option(name: .customLong("log-level"), help: "trace|debug|info|notice|warning|error|critical")
    var logLevel = "info"
    @Flag(name: .customLong("die-with-parent"), help: .hidden)
    var dieWithParent = false
    @Option(help: "Edge processes: an origin runs the rooms and N edges accept listeners on --listen (SO_REUSEPORT), each up to --max-listeners.")
    var workers = 0
    @Option(help: "With --workers: where edges and speaker clients reach the origin (default: a free loopback port, logged).")
    var origin: SocketAddress?
    @Option(help: .hidden)
    var role: ServerRole?
    @Option(name: .customLong("edge-index"), help: .hidden)
    var edgeIndex = 0

    func makeConfiguration() throws -> ServerConfiguration {
        var c = ServerConfiguration()
        c.listen = listen
        c.metrics = metrics
        c.rooms = rooms
        c.demoSpeakers = demoSpeakers
        c.frameInterval = frameInterval.value
        c.payloadBytes = payloadBytes
        c.framesPerPacket = framesPerPacket
        c.maxListeners = maxListeners
        c.maxRoomListeners = maxRoomListeners
        c.slowListenerPolicy = slowListener
        c.backlogFrames = max(backlogFrames, framesPerPacket)
        c.handshakeTimeout = handshakeTimeout.value
        c.maximumFrameBytes = maxFrameBytes
        c.reusePort = reusePort
        c.maxPendingHandshakes = maxPendingHandshakes
        c.maxConnectionsPerAddress = maxConnectionsPerAddress
        c.speakerIdleTimeout = speakerIdleTimeout.value
        c.backlogMemoryBytes = backlogMemoryBytes
        c.speakerSecret = speakerSecret ?? ProcessInfo.processInfo.environment["SWARMCAST_SPEAKER_SECRET"]
        c.workers = workers
        c.role = role ?? (workers > 0 ? .origin : .standalone)
        c.originAddress = origin
        c.edgeIndex = edgeIndex
        c.workerExecutable = SelfExecutable.path
        if c.role == .edge { c.demoSpeakers = 0 }
        do { try c.validate() } catch { throw ValidationError(error.description) }
        return c
    }

    func validate() throws {
        _ = try makeConfiguration()
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("invalid --log-level '\(logLevel)': use trace, debug, info, notice, warning, error or critical") }
    }

    func run() throws {
        LoggingSetup.bootstrap(level: Logger.Level(rawValue: logLevel) ?? .info)
        if dieWithParent && !ProcessLimits.dieWithParent() { return }
        let server: BroadcastServer
        do {
            server = try BroadcastServer(configuration: try makeConfiguration())
        } catch let error as ServerError {
            throw RuntimeFailure(error.description)
        }
        server.run()
        if server.exitStatus != 0 { throw CommandExit(code: server.exitStatus, message: "") }
    }
}
