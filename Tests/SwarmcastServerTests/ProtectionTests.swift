import Foundation
import SwarmcastTestSupport
import SwarmcastWire
import Testing

/// Server protections: each bad peer loses its own connection, the broadcast goes on.
@Suite(.serialized)
struct ProtectionTests {
    @Test func aBadTokenSpeakerIsRejectedAndAGoodOneSpeaks() throws {
        let secret = "test-secret-123"
        let server = try ServerProcess(["--speaker-secret", secret, "--demo-speakers", "1"])
        let listener = try TestClient(connectingTo: server.listen)
        listener.hello()
        _ = listener.readFrames { $0.audio.count >= 1 }

        let forged = try TestClient(connectingTo: server.listen)
        forged.send(.hello(Hello(role: .speaker, room: 1, clientID: 7, token: Array("1.9999999999.00ff".utf8))))
        #expect(forged.readFrames { !$0.isEmpty }.first == .reject(.badToken))
        #expect(forged.waitForClose(timeout: 3))

        let expired = try TestClient(connectingTo: server.listen)
        expired.send(.hello(Hello(role: .speaker, room: 1, clientID: 8, token: Array(SpeakerToken.mint(secret: secret, room: 1, expiry: 1).utf8))))
        #expect(expired.readFrames { !$0.isEmpty }.first == .reject(.badToken))

        let speaker = try TestClient(connectingTo: server.listen)
        let token = SpeakerToken.mint(secret: secret, room: 1, expiry: UInt64(Date().timeIntervalSince1970) + 60)
        speaker.send(.hello(Hello(role: .speaker, room: 1, clientID: 9, token: Array(token.utf8))))
        let answer = speaker.readFrames { !$0.isEmpty }
        guard case .welcome? = answer.first else { Issue.record("good token not welcomed: \(answer)"); return }
        speaker.send(.audio(AudioFrame(room: 1, speaker: 0, sequence: 1, captureTimeNanos: UInt64(Date().timeIntervalSince1970 * 1e9), payload: [1, 2, 3])))
        let heard = listener.readFrames { $0.audio.contains { $0.payload == [1, 2, 3] } }
        #expect(heard.audio.contains { $0.payload == [1, 2, 3] && $0.speaker == 1 }, "the client speaker took seat 1, after the built-in host")
        #expect(!listener.closedByPeer)
        #expect(server.metric("swarmcast_rejects_total{reason=\"bad-token\"}") == 2)
    }

    @Test func aSilentSpeakerIsClosedAtItsIdleTimeoutNotBefore() throws {
        let server = try ServerProcess(["--speaker-idle-timeout", "800ms", "--demo-speakers", "0"])
        let speaker = try TestClient(connectingTo: server.listen)
        speaker.send(.hello(Hello(role: .speaker, room: 1, clientID: 1)))
        guard case .welcome? = speaker.readFrames(timeout: 2, until: { !$0.isEmpty }).first else {
            Issue.record("speaker not welcomed"); return
        }
        // Sub-second timeouts count their fraction: still open well before 800 ms ...
        #expect(speaker.readFrames(timeout: 0.4) { $0.contains(.bye(.idle)) }.isEmpty)
        #expect(!speaker.closedByPeer)
        // ... and told BYE(idle) after it.
        #expect(speaker.readFrames(timeout: 3) { $0.contains(.bye(.idle)) }.contains(.bye(.idle)))
    }

    @Test func perAddressAndPendingHandshakeLimitsCloseOnlyTheExcess() throws {
        let server = try ServerProcess(["--max-connections-per-address", "3", "--max-pending-handshakes", "100"])
        let first = try (0..<3).map { _ in try TestClient(connectingTo: server.listen) }
        let fourth = try TestClient(connectingTo: server.listen)
        #expect(fourth.waitForClose(timeout: 2))
        first[0].hello()
        let frames = first[0].readFrames { $0.audio.count >= 1 }
        #expect(frames.audio.count >= 1)
        #expect(server.metric("swarmcast_disconnects_total{reason=\"per-address-limit\"}") == 1)

        let pending = try ServerProcess(["--max-pending-handshakes", "5"])
        let silent = try (0..<5).map { _ in try TestClient(connectingTo: pending.listen) }
        let sixth = try TestClient(connectingTo: pending.listen)
        #expect(sixth.waitForClose(timeout: 2))
        #expect(pending.metric("swarmcast_disconnects_total{reason=\"too-many-pending\"}") == 1)
        _ = silent
    }
}

struct SpeakerTokenTests {
    @Test func verifiesOnlyUntamperedUnexpiredTokensForTheirRoom() {
        let token = Array(SpeakerToken.mint(secret: "s3cret-key", room: 4, expiry: 2000).utf8)
        #expect(SpeakerToken.verify(token, secret: "s3cret-key", room: 4, now: 1999))
        #expect(!SpeakerToken.verify(token, secret: "s3cret-key", room: 4, now: 2001), "expired")
        #expect(!SpeakerToken.verify(token, secret: "s3cret-key", room: 5, now: 1999), "other room")
        #expect(!SpeakerToken.verify(token, secret: "other-key", room: 4, now: 1999), "other secret")
        var tampered = token
        tampered[tampered.count - 1] = tampered.last == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        #expect(!SpeakerToken.verify(tampered, secret: "s3cret-key", room: 4, now: 1999))
        #expect(!SpeakerToken.verify(Array("garbage".utf8), secret: "s3cret-key", room: 4, now: 0))
    }
}
