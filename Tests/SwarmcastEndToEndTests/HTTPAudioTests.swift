import Foundation
import SwarmcastReport
import SwarmcastTestSupport
import SwarmcastWire
import Testing

/// HTTP audio, the Icecast way, on the broadcast port.
@Suite(.serialized)
struct HTTPAudioTests {
    @Test func aPlainHTTPClientGetsIcyHeadersAndTimedChunks() throws {
        let server = try ServerProcess()
        let client = try TestClient(connectingTo: server.listen)
        client.send(Array("GET /rooms/1/listen HTTP/1.0\r\nHost: test\r\n\r\n".utf8))
        let bytes = client.readToEnd(timeout: 1.5)
        let text = String(decoding: bytes.prefix(600), as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.0 200 OK\r\n"))
        #expect(text.contains("icy-name: Swarmcast room 1\r\n"))
        #expect(text.contains("icy-br: 32\r\n"))
        #expect(text.contains("Content-Type: audio/x-swarmcast\r\n"))
        let headEnd = try #require(text.range(of: "\r\n\r\n")).upperBound
        let body = Array(bytes[text.utf8.distance(from: text.startIndex, to: headEnd)...])
        var parser = HTTPAudioChunk.Parser()
        var headers: [HTTPAudioChunk.Header] = []
        body.withUnsafeBytes { parser.parse($0) { headers.append($0) } }
        #expect(headers.count >= 20)
        #expect(parser.skippedBytes == 0)
        let now = UInt64(Date().timeIntervalSince1970 * 1e9)
        #expect(headers.allSatisfy { $0.payloadBytes == 80 && $0.captureTimeNanos < now && now - $0.captureTimeNanos < 10_000_000_000 })
        #expect(zip(headers, headers.dropFirst()).allSatisfy { $1.sequence == $0.sequence + 1 })
        #expect(server.metric("swarmcast_listeners_joined_total") == 1)
    }

    @Test func unknownRoomsAndPathsAre404AndMetadataIsInterleaved() throws {
        let server = try ServerProcess(["--payload-bytes", "2000"])
        let missing = try TestClient(connectingTo: server.listen)
        missing.send(Array("GET /rooms/7/listen HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(String(decoding: missing.readToEnd(timeout: 2), as: UTF8.self).hasPrefix("HTTP/1.0 404"))
        let meta = try TestClient(connectingTo: server.listen)
        meta.send(Array("GET /rooms/1/listen HTTP/1.0\r\nIcy-MetaData: 1\r\n\r\n".utf8))
        let bytes = meta.readToEnd(timeout: 1.5)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("icy-metaint: 16000\r\n"))
        let headLength = (0..<max(0, bytes.count - 3)).first { bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10 }.map { $0 + 4 } ?? 0
        let body = Array(bytes[headLength...])
        try #require(body.count > 16_001)
        let blocks = Int(body[16_000])
        #expect(blocks > 0)
        #expect(String(decoding: body[16_001..<16_001 + blocks * 16], as: UTF8.self).hasPrefix("StreamTitle='Swarmcast';"))
    }

    @Test func theHTTPAudioSwarmMeasuresLikeTheNativeOne() throws {
        let server = try ServerProcess()
        let out = SwarmEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try SwarmcastBinary.run(["swarm", "--server", server.listen.description, "--protocol", "http-audio", "--listeners", "200",
                                         "--ramp", "1s", "--duration", "4s", "--out", out.path, "--progress", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try RunWriter.readSummary(out.appendingPathComponent("summary.json"))
        #expect(s.counters.welcomed == 200 && s.counters.receivedAudio == 200)
        #expect(s.counters.framesLost == 0)
        #expect((s.delay?.p50 ?? 0) > 0)
        #expect(s.failuresByCause.isEmpty)
    }
}
