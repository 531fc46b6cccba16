import Foundation
import SwarmcastTestSupport
import SwarmcastWire
import Testing

/// The real server on loopback, with blocking test clients.
@Suite(.serialized)
struct BroadcastServerTests {
    @Test func twoHundredListenersAllReceiveIncreasingAudio() throws {
        let server = try ServerProcess(["--demo-speakers", "1"])
        let clients = try (0..<200).map { i -> TestClient in
            let c = try TestClient(connectingTo: server.listen)
            c.hello(id: UInt64(i))
            return c
        }
        let start = UInt64(Date().timeIntervalSince1970 * 1e9)
        for client in clients {
            let frames = client.readFrames { $0.audio.count >= 5 }
            guard case .welcome(let w)? = frames.first else { Issue.record("no WELCOME first: \(frames.prefix(1))"); continue }
            #expect(w.room == 1)
            let audio = frames.audio
            #expect(audio.count >= 5)
            let sequences = audio.map(\.sequence)
            #expect(sequences == sequences.sorted() && Set(sequences).count == sequences.count)
            for a in audio {
                // Capture times are real-time stamps from the last seconds, not garbage.
                #expect(a.captureTimeNanos > start - 30_000_000_000 && a.captureTimeNanos < start + 30_000_000_000)
                #expect(a.payload.count == 80)
            }
        }
        #expect(server.metric("swarmcast_listeners_joined_total") == 200)
        #expect(server.metric("swarmcast_listeners") == 200)
    }

    @Test func roomAtItsCeilingAnswersRejectFull() throws {
        let server = try ServerProcess(["--max-listeners", "3"])
        let admitted = try (0..<3).map { _ in try TestClient(connectingTo: server.listen) }
        for c in admitted {
            c.hello()
            let frames = c.readFrames { $0.contains { if case .welcome = $0 { true } else { false } } }
            #expect(frames.contains { if case .welcome = $0 { true } else { false } })
        }
        let extra = try TestClient(connectingTo: server.listen)
        extra.hello()
        let frames = extra.readFrames { !$0.isEmpty }
        #expect(frames.first == .reject(.full))
        #expect(extra.waitForClose(timeout: 3))
        #expect(server.metric("swarmcast_rejects_total{reason=\"full\"}") == 1)
    }

    @Test func badPeersLoseOnlyTheirOwnConnection() throws {
        let server = try ServerProcess(["--handshake-timeout", "1s", "--backlog-frames", "20", "--slow-listener", "disconnect", "--payload-bytes", "8000"])
        let good = try TestClient(connectingTo: server.listen)
        good.hello(id: 1)
        let garbage = try TestClient(connectingTo: server.listen)
        garbage.send(Array(repeating: 0xFF, count: 64))
        let silent = try TestClient(connectingTo: server.listen)
        let neverReads = try TestClient(connectingTo: server.listen)
        var small: Int32 = 4096
        setsockopt(neverReads.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        neverReads.hello(id: 2)
        #expect(garbage.waitForClose(timeout: 3))
        #expect(silent.waitForClose(timeout: 4))
        // The good listener keeps receiving throughout and after.
        let frames = good.readFrames(timeout: 5) { $0.audio.count >= 100 }
        #expect(frames.audio.count >= 100)
        #expect(!good.closedByPeer)
        #expect((server.metric("swarmcast_disconnects_total{reason=\"protocol-error:frame-too-large\"}") ?? 0) == 1)
        #expect((server.metric("swarmcast_disconnects_total{reason=\"handshake-timeout\"}") ?? 0) >= 1)
        // 8,000-byte frames at 50/s (400 KB/s): the never-reader overflows kernel buffers and its 20-frame backlog.
        let deadline = Date().addingTimeInterval(30)
        while (server.metric("swarmcast_disconnects_total{reason=\"too-slow\"}") ?? 0) < 1 && Date() < deadline { usleep(200_000) }
        #expect((server.metric("swarmcast_disconnects_total{reason=\"too-slow\"}") ?? 0) == 1)
    }

    /// The deadline sweep sleeps while only listeners are connected (none has a deadline) and
    /// wakes again for the next connection that has one.
    @Test func theDeadlineSweepWakesAgainForAConnectionAfterOnlyListenersWereLeft() throws {
        let server = try ServerProcess(["--handshake-timeout", "1s"])
        let listener = try TestClient(connectingTo: server.listen)
        listener.hello(id: 1)
        // A second of audio: the sweep has run since the HELLO, found nobody to watch and stopped.
        let frames = listener.readFrames(timeout: 4) { $0.audio.count >= 50 }
        #expect(frames.audio.count >= 50)
        let silent = try TestClient(connectingTo: server.listen)
        #expect(silent.waitForClose(timeout: 4))
        #expect(server.metric("swarmcast_disconnects_total{reason=\"handshake-timeout\"}") == 1)
        #expect(!listener.closedByPeer)
    }

    @Test func sigtermSaysByeAndExitsZero() throws {
        let server = try ServerProcess()
        let client = try TestClient(connectingTo: server.listen)
        client.hello()
        _ = client.readFrames { $0.audio.count >= 1 }
        #expect(server.stop(signal: SIGTERM) == 0)
        let rest = client.readFrames(timeout: 3) { $0.contains(.bye(.shutdown)) }
        #expect(rest.contains(.bye(.shutdown)))
    }

    @Test func reactionsAreCountedAndPublishedInRoomState() throws {
        let server = try ServerProcess()
        let client = try TestClient(connectingTo: server.listen)
        client.hello()
        _ = client.readFrames { $0.audio.count >= 1 }
        for _ in 0..<3 { client.send(.reaction(kind: 2)) }
        let frames = client.readFrames(timeout: 4) { frames in
            frames.contains { if case .roomState(let s) = $0 { s.reactions.contains { $0.kind == 2 && $0.count == 3 } } else { false } }
        }
        #expect(frames.contains { if case .roomState(let s) = $0 { s.listeners == 1 } else { false } })
        #expect(server.metric("swarmcast_reactions_total") == 3)
    }

    @Test func longPacketsCarryRoomStateInsteadOfSeparateWrites() throws {
        // 2 s packets, longer than the 1 s state interval: the state must ride in the packets.
        let server = try ServerProcess(["--frames-per-packet", "100"])
        let client = try TestClient(connectingTo: server.listen)
        client.hello()
        var readEnds: [Int] = []
        let frames = client.readFrames(timeout: 6.5) { frames in
            if readEnds.last != frames.count { readEnds.append(frames.count) }
            return false
        }
        // (Before the first packet, a new listener may get the state on its own: that is the join.)
        var start = 0, statesAlone = 0, statesWithAudio = 0, heardAudio = false
        for end in readEnds {
            let read = frames[start..<end]
            start = end
            defer { heardAudio = heardAudio || read.contains { if case .audio = $0 { true } else { false } } }
            guard heardAudio, read.contains(where: { if case .roomState = $0 { true } else { false } }) else { continue }
            if read.contains(where: { if case .audio = $0 { true } else { false } }) { statesWithAudio += 1 } else { statesAlone += 1 }
        }
        #expect(statesWithAudio >= 2)
        #expect(statesAlone == 0, "a ROOM_STATE went out as its own write while audio flowed")
    }

    @Test func badFlagsExitTwoWithAHint() throws {
        let r = try SwarmcastBinary.run(["serve", "--demo-speakers", "20"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("demo-speakers '20'"))
        #expect(r.stderr.contains("0 to 14"), "the bounds come from the setting's declaration")
    }
}
