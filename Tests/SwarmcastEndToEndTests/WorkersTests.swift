import Foundation
import SwarmcastReport
import SwarmcastSwarm
import SwarmcastTestSupport
import SwarmcastWire
import Testing

/// `serve --workers N`: an origin and edges sharing the public port.
@Suite(.serialized)
struct WorkersTests {
    static func startOrigin(workers: Int, extra: [String] = []) throws -> ServerProcess {
        let server = try ServerProcess(["--workers", String(workers), "--origin", "127.0.0.1:\(ServerProcess.freePort())"] + extra)
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if (1...workers).allSatisfy({ server.metric("swarmcast_process_up{process=\"edge-\($0)\"}") == 1 }) { return server }
            usleep(100_000)
        }
        throw TestSupportError.serverDidNotStart
    }

    @Test func edgesShareOnePortAndAllTheirListenersReceive() throws {
        let server = try Self.startOrigin(workers: 2)
        let out = SwarmEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try SwarmcastBinary.run(["swarm", "--server", server.listen.description, "--listeners", "400", "--ramp", "1s",
                                         "--duration", "4s", "--out", out.path, "--progress", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try RunWriter.readSummary(out.appendingPathComponent("summary.json"))
        #expect(s.counters.receivedAudio == 400)
        #expect(s.counters.framesLost == 0)
        let edge1 = server.metric("swarmcast_process_listeners_joined_total{process=\"edge-1\"}") ?? 0
        let edge2 = server.metric("swarmcast_process_listeners_joined_total{process=\"edge-2\"}") ?? 0
        #expect(edge1 > 0 && edge2 > 0, "the kernel spreads connections over both edges: \(edge1) + \(edge2)")
        #expect(edge1 + edge2 == 400)
        #expect(server.metric("swarmcast_listeners_joined_total") == 400)
    }

    @Test func aKilledEdgeIsRestartedAndReconnectingListenersReceiveAgain() throws {
        let server = try Self.startOrigin(workers: 2)
        let out = SwarmEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let originPort = server.process.arguments.last ?? ""
        let killer = Thread {
            Thread.sleep(forTimeInterval: 3)
            for pid in SwarmEndToEndTests.pids(whereCommandLine: { $0.contains("\0--edge-of\0") && $0.contains(originPort) && $0.contains("\0--edge-index\01\0") }) {
                kill(pid, SIGKILL)
            }
        }
        killer.start()
        let r = try SwarmcastBinary.run(["swarm", "--server", server.listen.description, "--listeners", "300", "--ramp", "1s",
                                         "--duration", "10s", "--reconnect", "--out", out.path, "--progress", "none"])
        let s = try RunWriter.readSummary(out.appendingPathComponent("summary.json"))
        #expect(r.status == 0, "\(r.stderr)")
        #expect((s.counters.disconnects["server-closed"] ?? 0) > 0, "the killed edge's listeners saw it go")
        #expect(s.counters.reconnects > 0)
        #expect(s.counters.framesLost > 0, "the gap while reconnecting counts as lost audio")
        // Within the bound (7 s after the kill, backoff at most 5 s): everybody receives again.
        #expect(s.listeners.final == 300)
        #expect((server.metric("swarmcast_edge_restarts_total") ?? 0) >= 1)
        #expect(server.metric("swarmcast_process_up{process=\"edge-1\"}") == 1)
    }

    @Test func reactionsAndListenerCountsFromAllEdgesReachEveryListener() throws {
        let server = try Self.startOrigin(workers: 2)
        let clients = try (0..<6).map { i -> TestClient in
            let c = try TestClient(connectingTo: server.listen)
            c.hello(id: UInt64(i))
            return c
        }
        for c in clients {
            _ = c.readFrames { $0.audio.count >= 1 }
            c.send(.reaction(kind: 3))
        }
        // Every listener, whichever edge it is on, comes to see all six listeners and reactions.
        for c in clients {
            let frames = c.readFrames(timeout: 8) { frames in
                frames.contains { if case .roomState(let s) = $0 { s.listeners == 6 && s.reactions.contains { $0.kind == 3 && $0.count == 6 } } else { false } }
            }
            #expect(frames.contains { if case .roomState(let s) = $0 { s.listeners == 6 && s.reactions.contains { $0.kind == 3 && $0.count == 6 } } else { false } })
        }
        #expect(server.metric("swarmcast_reactions_total") == 6)
    }

    /// Regression: the origin's /metrics used to scrape every edge over blocking sockets inside
    /// its event loop, so one stopped edge froze every listener for seconds at each scrape. Now
    /// it answers from the reports edges push, and a stopped edge stalls only its own listeners.
    @Test func aStoppedEdgeStallsNeitherScrapesNorTheOtherEdgesListeners() throws {
        let server = try Self.startOrigin(workers: 2, extra: ["--frames-per-packet", "5"])
        let arguments = server.process.arguments
        let originPort = arguments.firstIndex(of: "--origin").map { arguments[$0 + 1] } ?? ""
        let watch = try AudioGapWatch(count: 200, server: server.listen)
        defer { watch.stop() }
        Thread.sleep(forTimeInterval: 1.5)
        let edge = try #require(SwarmEndToEndTests.pids(whereCommandLine: {
            $0.contains("\0--edge-of\0") && $0.contains(originPort) && $0.contains("\0--edge-index\01\0")
        }).first)
        kill(edge, SIGSTOP)
        defer { kill(edge, SIGCONT) }
        let stoppedAt = AudioGapWatch.now()
        var slowest = 0.0
        var failed = 0
        for _ in 0..<100 {
            let start = AudioGapWatch.now()
            if server.httpGet("/metrics") == nil { failed += 1 }
            slowest = max(slowest, AudioGapWatch.now() - start)
            Thread.sleep(forTimeInterval: max(0, 0.1 - (AudioGapWatch.now() - start)))
        }
        let end = AudioGapWatch.now()
        #expect(failed == 0)
        #expect(slowest < 0.1, "every scrape answers within 100 ms (slowest \(slowest) s)")
        #expect(server.metric("swarmcast_process_up{process=\"edge-1\"}") == 0, "the stopped edge's reports are stale")
        #expect(server.metric("swarmcast_process_up{process=\"edge-2\"}") == 1)
        // Listeners of the live edge: those that heard audio in the window. No gap above ~1 s.
        let live = watch.arrivals(from: stoppedAt + 0.5, to: end).filter { !$0.isEmpty }
        #expect(live.count >= 20, "the kernel put listeners on the live edge too (\(live.count))")
        let worstGap = live.map { times in zip(times, times.dropFirst()).map { $1 - $0 }.max() ?? 0 }.max() ?? 0
        #expect(worstGap < 1.0, "largest gap on the live edge: \(worstGap) s")
        #expect(live.allSatisfy { ($0.last ?? 0) > end - 1.0 }, "live listeners hear audio to the end")
    }

    @Test func theSwarmSpreadsSourceAddressesOverLoopback() throws {
        let options = SwarmOptions(servers: ["127.0.0.1:7400"], schedule: .rampAndHold(listeners: 10, ramp: 1, duration: 2))
        let a = options.sourceAddresses(agent: 0), b = options.sourceAddresses(agent: 1)
        #expect(a.count == 8 && Set(a + b).count == 16)
        #expect(a.allSatisfy { $0.hasPrefix("127.") && $0 != "127.0.0.1" })
        var remote = options
        remote.servers = ["192.0.2.1:7400"]
        #expect(remote.sourceAddresses(agent: 0).isEmpty, "only loopback targets get loopback sources")

        // And on the wire: connections to the server come from several 127.x addresses.
        let server = try ServerProcess()
        let process = try Subprocess(["swarm", "--server", server.listen.description, "--listeners", "200", "--agents", "2", "--ramp", "1s",
                                      "--duration", "4s", "--progress", "none"], captureStdout: false)
        Thread.sleep(forTimeInterval: 2.5)
        let sources = Self.sourceAddresses(connectedTo: server.listen.port)
        #expect(process.wait(timeout: 30) == 0, "\(process.stderr)")
        #expect(sources.count >= 8, "\(sources)")
    }

    /// Local IPv4 addresses of established connections whose remote port is `port` (/proc/net/tcp).
    static func sourceAddresses(connectedTo port: UInt16) -> Set<String> {
        guard let handle = FileHandle(forReadingAtPath: "/proc/net/tcp") else { return [] }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var out = Set<String>()
        let wanted = String(format: "%04X", port)
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: " ")
            guard f.count > 3, f[2].hasSuffix(":" + wanted), f[3] == "01" else { continue }
            let hex = f[1].split(separator: ":")[0]
            guard let v = UInt32(hex, radix: 16) else { continue }
            out.insert("\(v & 0xFF).\((v >> 8) & 0xFF).\((v >> 16) & 0xFF).\(v >> 24)")
        }
        return out
    }
}
