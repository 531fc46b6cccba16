import Foundation
import SwarmcastLoop
import SwarmcastTestSupport
import SwarmcastWire
import Testing

/// Remote edges (`serve --edge-of`): an edge rides out an outage of its origin with its listeners
/// connected, rejoins a restarted origin, and edges form a tree whose root counts every listener.
@Suite(.serialized)
struct EdgeReconnectTests {
    /// Waits (bounded) until `condition` holds; false on timeout.
    static func eventually(_ seconds: TimeInterval, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }

    /// An edge of `parent`, once it has joined it.
    static func startEdge(of parent: SocketAddress) throws -> ServerProcess {
        let edge = try ServerProcess(["--edge-of", parent.description])
        guard eventually(15, { edge.metric("swarmcast_origin_connected") == 1 }) else { throw TestSupportError.serverDidNotStart }
        return edge
    }

    /// Whether every listener of `watch` received audio between `from` and `to`.
    static func allReceived(_ watch: AudioGapWatch, from: Double, to: Double = .infinity) -> Bool {
        watch.arrivals(from: from, to: to).allSatisfy { !$0.isEmpty }
    }

    /// Freezes `origin` (SIGSTOP: its sockets stay open, nothing comes out) for `seconds`, then
    /// lets it go on; the SIGCONT is never skipped, so a stopped server cannot outlive the test.
    static func freeze(_ origin: ServerProcess, for seconds: TimeInterval) {
        kill(origin.process.pid, SIGSTOP)
        defer { kill(origin.process.pid, SIGCONT) }
        Thread.sleep(forTimeInterval: seconds)
    }

    @Test func aStoppedOriginIsRiddenOutWithEveryListenerConnected() throws {
        let origin = try ServerProcess()
        defer { origin.stop() }
        let edge = try Self.startEdge(of: origin.listen)
        defer { edge.stop() }
        let watch = try AudioGapWatch(count: 100, server: edge.listen)
        defer { watch.stop() }
        let start = AudioGapWatch.now()
        #expect(Self.eventually(10) { Self.allReceived(watch, from: start) }, "all 100 listeners hear the origin through the edge")

        Self.freeze(origin, for: 3)
        let resumed = AudioGapWatch.now()

        #expect(Self.eventually(10) { Self.allReceived(watch, from: resumed) }, "audio resumes for every listener")
        #expect(watch.closedCount == 0, "no listener lost its connection")
        #expect(Self.eventually(5) { edge.metric("swarmcast_origin_connected") == 1 })
        let gap = edge.metric("swarmcast_origin_gap_seconds_total") ?? 0
        #expect(gap > 0.5 && gap < 10, "the outage is counted at the edge: \(gap) s")
        #expect((edge.metric("swarmcast_origin_reconnects_total") ?? 0) >= 1)
        #expect(edge.metric("swarmcast_listeners") == 100)
        #expect(edge.process.isRunning)
    }

    /// The silence limit is the origin's setting, taken by its edges: with 6 s, a 3 s stop of the
    /// origin (which the default 2 s turns into a reconnect, above) leaves the link up.
    @Test func anEdgeTakesItsSilenceLimitFromItsOrigin() throws {
        let origin = try ServerProcess(["--origin-silence-timeout", "6s"])
        defer { origin.stop() }
        let edge = try Self.startEdge(of: origin.listen)
        defer { edge.stop() }
        #expect(Self.serverSetting(edge, "origin_silence_timeout") as? String == "6s")
        Self.freeze(origin, for: 3)
        Thread.sleep(forTimeInterval: 1)
        #expect(edge.metric("swarmcast_origin_connected") == 1)
        #expect((edge.metric("swarmcast_origin_reconnects_total") ?? 0) == 0, "a 3 s silence is within the origin's 6 s limit")
    }

    @Test func aRestartedOriginIsRejoinedAndListenersHearItWithoutReconnecting() throws {
        let listen = SocketAddress(host: "127.0.0.1", port: ServerProcess.freePort())
        let metrics = SocketAddress(host: "127.0.0.1", port: ServerProcess.freePort())
        let first = try ServerProcess(listen: listen, metrics: metrics)
        defer { first.stop() }
        let edge = try Self.startEdge(of: listen)
        defer { edge.stop() }
        let watch = try AudioGapWatch(count: 50, server: edge.listen)
        defer { watch.stop() }
        // One more listener whose every frame is kept, to check the numbering it sees.
        let recorder = try TestClient(connectingTo: edge.listen)
        recorder.hello(id: 999)
        let start = AudioGapWatch.now()
        #expect(Self.eventually(10) { Self.allReceived(watch, from: start) })
        Thread.sleep(forTimeInterval: 2)  // the first origin's numbering gets well ahead

        first.stop(signal: SIGKILL)
        let second = try ServerProcess(listen: listen, metrics: metrics)
        defer { second.stop() }
        let restarted = AudioGapWatch.now()

        #expect(Self.eventually(10) { Self.allReceived(watch, from: restarted + 0.5) }, "every listener hears the new origin")
        #expect(watch.closedCount == 0, "no listener lost its connection")
        #expect((edge.metric("swarmcast_origin_reconnects_total") ?? 0) >= 1)
        #expect((edge.metric("swarmcast_origin_renumbered_seats_total") ?? 0) >= 1, "the new origin's numbering started again")
        #expect((edge.metric("swarmcast_origin_gap_seconds_total") ?? 0) > 0)

        let frames = recorder.readFrames(timeout: 2) { _ in false }
        let sequences = frames.audio.filter { $0.speaker == 0 }.map(\.sequence)
        #expect(!recorder.closedByPeer)
        #expect(sequences.count > 100)
        let steps = zip(sequences, sequences.dropFirst()).map { Int64(bitPattern: $1 &- $0) }
        #expect(steps.allSatisfy { $0 >= 1 }, "the listener's numbering only goes forward across the restart")
        #expect((steps.max() ?? 0) < 1_000, "the outage is a gap of its frames, not billions: \(steps.max() ?? 0)")
        #expect(edge.process.isRunning)
    }

    @Test func aTwoLevelTreeCarriesAudioDownAndListenersUp() throws {
        let root = try ServerProcess()
        defer { root.stop() }
        let middle = try Self.startEdge(of: root.listen)
        defer { middle.stop() }
        let leaf = try Self.startEdge(of: middle.listen)
        defer { leaf.stop() }
        let watch = try AudioGapWatch(count: 20, server: leaf.listen)
        defer { watch.stop() }
        let start = AudioGapWatch.now()
        #expect(Self.eventually(10) { Self.allReceived(watch, from: start) }, "listeners on the leaf hear the root")
        #expect(root.metric("swarmcast_tree_depth") == 0)
        #expect(middle.metric("swarmcast_tree_depth") == 1)
        #expect(leaf.metric("swarmcast_tree_depth") == 2)
        #expect(Self.eventually(10) { root.metric("swarmcast_listeners") == 20 }, "the root's /metrics counts the leaf's listeners")
        #expect(middle.metric("swarmcast_listeners") == 20)
        #expect(root.metric("swarmcast_tree_depth") == 0, "depth is not summed over the tree")
        // Every listener is told the whole broadcast's count (the room state comes down the tree).
        let client = try TestClient(connectingTo: leaf.listen)
        client.hello(id: 77)
        let frames = client.readFrames(timeout: 8) { frames in
            frames.contains { if case .roomState(let s) = $0 { s.listeners == 21 } else { false } }
        }
        #expect(frames.contains { if case .roomState(let s) = $0 { s.listeners == 21 } else { false } })
    }

    /// The server setting in the edge's /settings, or nil.
    static func serverSetting(_ edge: ServerProcess, _ key: String) -> Any? {
        guard let body = edge.httpGet("/settings"), let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return nil }
        return ((json["settings"] as? [String: Any])?["server"] as? [String: Any])?[key]
    }

    @Test func aRestartedOriginsNewSettingsAreAdoptedLiveOrEndTheEdgeWithAReason() throws {
        let listen = SocketAddress(host: "127.0.0.1", port: ServerProcess.freePort())
        let metrics = SocketAddress(host: "127.0.0.1", port: ServerProcess.freePort())
        let first = try ServerProcess(listen: listen, metrics: metrics)
        defer { first.stop() }
        let edge = try Self.startEdge(of: listen)
        defer { edge.stop() }
        let listener = try TestClient(connectingTo: edge.listen)
        listener.hello(id: 5)
        #expect(!listener.readFrames { $0.audio.count >= 1 }.audio.isEmpty)

        // A new origin with another listener ceiling: adopted live, the listener stays.
        first.stop(signal: SIGKILL)
        let second = try ServerProcess(listen: listen, metrics: metrics, ["--max-listeners", "5000"])
        defer { second.stop() }
        #expect(Self.eventually(10) { Self.serverSetting(edge, "max_listeners") as? Int == 5000 }, "the edge adopted the new ceiling")
        #expect(edge.process.isRunning)
        _ = listener.readFrames(timeout: 0.5) { _ in false }
        #expect(!listener.readFrames(timeout: 5) { $0.audio.count >= 1 }.audio.isEmpty, "its listener hears the new origin")
        #expect(!listener.closedByPeer)

        // A new origin with another room count: what listeners joined cannot change under them.
        second.stop(signal: SIGKILL)
        let third = try ServerProcess(listen: listen, metrics: metrics, ["--rooms", "2"])
        defer { third.stop() }
        #expect(edge.process.wait(timeout: 15) == 1, "the edge exits 1")
        #expect(edge.stderr.contains("server.rooms"), "and says which setting changed: \(edge.stderr.suffix(400))")
    }

    @Test func aLocalEdgeStillDiesWithItsOrigin() throws {
        let origin = try WorkersTests.startOrigin(workers: 1)
        defer { origin.stop() }
        let originPort = origin.process.arguments.last ?? ""
        let edges = SwarmEndToEndTests.pids(whereCommandLine: { $0.contains("\0--edge-of\0") && $0.contains(originPort) })
        #expect(edges.count == 1)
        origin.stop(signal: SIGKILL)
        // Gone, or a zombie nobody has reaped yet: either way no longer running.
        func running(_ pid: pid_t) -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
            return !stat[close...].hasPrefix(") Z")
        }
        #expect(Self.eventually(10) { !edges.contains(where: running) }, "a --workers edge does not outlive its origin process")
    }
}
