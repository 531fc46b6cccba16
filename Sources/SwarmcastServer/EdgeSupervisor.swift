import Foundation
import Logging
import SwarmcastLoop

/// The origin's edge processes: starts them and restarts one that dies (counted and logged).
/// Edges are started with process flags only: they receive their settings from the origin over
/// the relay connection (SETTINGS) and push their counters back (EDGE_METRICS), so nothing here
/// re-spells a setting and nothing here talks to an edge over the network.
final class EdgeSupervisor {
    struct Edge {
        let index: Int
        var process: ChildProcess?
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
            edges.append(Edge(index: i, process: try spawn(index: i), startedAtNanos: WallClock.monotonicNanos()))
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
                edges[i].process = try? spawn(index: edges[i].index)
                edges[i].startedAtNanos = now
            }
        }
    }

    /// The edge's command line: where its origin is, where it listens, and nothing else.
    static func arguments(executable: String, origin: SocketAddress, listen: SocketAddress, index: Int) -> [String] {
        [executable, "serve", "--edge-of", origin.description, "--listen", listen.description, "--reuse-port",
         "--edge-index", String(index), "--log-level", "warning", "--die-with-parent"]
    }

    private func spawn(index: Int) throws -> ChildProcess {
        try ChildProcess(arguments: Self.arguments(executable: configuration.workerExecutable, origin: origin,
                                                   listen: configuration.listen, index: index))
    }

    func stop() {
        stopping = true
        timer?.cancel()
        for edge in edges { edge.process?.stop(SIGTERM, grace: .seconds(3)) }
    }
}
