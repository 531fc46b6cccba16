import SwarmcastSettings
import Foundation
import Logging
import SwarmcastLoop

/// The origin's edge processes: starts them, restarts one that dies (counted and logged), and
/// reads their /metrics so the origin can publish totals and per-edge figures.
final class EdgeSupervisor {
    struct Edge {
        let index: Int
        var process: ChildProcess?
        let metrics: SocketAddress
        /// Consecutive quick deaths, for the restart back-off.
        var failures = 0
        var restartAtNanos: UInt64 = 0
        var startedAtNanos: UInt64 = 0
    }

    private(set) var edges: [Edge] = []
    private(set) var restarts = 0
    private let configuration: ServerConfiguration
    private let origin: SocketAddress
    private let logger: Logger
    private var timer: LoopTimer?
    private var stopping = false

    init(configuration: ServerConfiguration, origin: SocketAddress, logger: Logger) {
        self.configuration = configuration
        self.origin = origin
        self.logger = logger
    }

    func start(loop: EventLoop) throws {
        for i in 1...configuration.workers {
            let metrics = SocketAddress(host: "127.0.0.1", port: MetricsClient.freePort(host: "127.0.0.1") ?? 0)
            edges.append(Edge(index: i, process: try spawn(index: i, metrics: metrics), metrics: metrics, startedAtNanos: WallClock.monotonicNanos()))
        }
        timer = LoopTimer(loop: loop, interval: .milliseconds(100), repeating: true) { [unowned self] in self.superviseOnce() }
        timer?.start()
    }

    /// Restarts edges that have exited: at once after a death that follows a healthy run, with a
    /// doubling delay (up to 5 s) when an edge keeps dying right after it starts.
    private func superviseOnce() {
        guard !stopping else { return }
        let now = WallClock.monotonicNanos()
        for i in edges.indices {
            if let process = edges[i].process, process.reap() {
                let quick = now - edges[i].startedAtNanos < 2_000_000_000
                edges[i].failures = quick ? edges[i].failures + 1 : 0
                let delay = edges[i].failures == 0 ? 0 : min(UInt64(5_000_000_000), 100_000_000 << UInt64(min(edges[i].failures, 6)))
                edges[i].restartAtNanos = now + delay
                edges[i].process = nil
                logger.warning("edge died; restarting", metadata: ["edge": "\(edges[i].index)", "exit": "\(process.exitDescription)",
                                                                   "restart_in_ms": "\(delay / 1_000_000)"])
            }
            if edges[i].process == nil && now >= edges[i].restartAtNanos {
                restarts += 1
                edges[i].process = try? spawn(index: edges[i].index, metrics: edges[i].metrics)
                edges[i].startedAtNanos = now
            }
        }
    }

    private func spawn(index: Int, metrics: SocketAddress) throws -> ChildProcess {
        let c = configuration
        var arguments = [c.workerExecutable, "serve", "--role", "edge", "--origin", origin.description, "--edge-index", String(index),
                         "--listen", c.listen.description, "--reuse-port", "--metrics", metrics.description,
                         "--rooms", String(c.rooms), "--demo-speakers", "0", "--frames-per-packet", String(c.framesPerPacket),
                         "--frame-interval", Self.durationText(c.frameInterval),
                         "--max-listeners", String(c.maxListeners), "--slow-listener", c.slowListenerPolicy.rawValue,
                         "--backlog-frames", String(c.backlogFrames), "--max-frame-bytes", String(c.maximumFrameBytes),
                         "--handshake-timeout", Self.durationText(c.handshakeTimeout), "--log-level", "warning", "--die-with-parent"]
        if let m = c.maxRoomListeners { arguments += ["--max-room-listeners", String(m)] }
        arguments += ["--max-pending-handshakes", String(c.maxPendingHandshakes), "--max-connections-per-address", String(c.maxConnectionsPerAddress),
                      "--backlog-memory-bytes", String(c.backlogMemoryBytes)]
        return try ChildProcess(arguments: arguments)
    }

    /// A duration as an edge's flags take it, exactly (sub-millisecond parts included).
    static func durationText(_ d: Duration) -> String { "\(d.nanosecondsValue)ns" }

    /// Each edge's /metrics samples (nil for an edge that did not answer).
    func scrapeEdges() -> [(index: Int, samples: [String: Double]?)] {
        edges.map { ($0.index, MetricsClient.scrape($0.metrics)) }
    }

    func stop() {
        stopping = true
        timer?.cancel()
        for edge in edges { edge.process?.stop(SIGTERM, grace: .seconds(3)) }
    }
}
