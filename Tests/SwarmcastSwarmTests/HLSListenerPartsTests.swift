@testable import SwarmcastSwarm
import SwarmcastLoop
import Testing

/// The HLS listener's pieces without sockets: the simulated player, the response reader at
/// every split point, and URL handling.
struct HLSListenerPartsTests {
    static let second: UInt64 = 1_000_000_000

    @Test func thePlayerStartsAfterTwoObjectsAndStallsWhenTheBufferRunsDry() {
        var p = SimulatedPlayer(startAfter: 2)
        p.add(seconds: 2, now: 0)
        #expect(!p.playing)
        p.add(seconds: 2, now: Self.second)
        #expect(p.playing && p.bufferedSeconds == 4)
        p.advance(to: 3 * Self.second)
        #expect(p.playing && p.stalls == 0)
        p.advance(to: 6 * Self.second)  // 4 s of audio ran out at 5 s
        #expect(!p.playing && p.stalls == 1)
        p.add(seconds: 2, now: 7 * Self.second)  // resumes: stalled from 5 s to 7 s
        #expect(p.playing && p.stalledNanos == 2 * Self.second)
        #expect(p.playedNanos == 4 * Self.second)
    }

    @Test func thePlayerKeepsPlayingWhenObjectsComeInTime() {
        var p = SimulatedPlayer(startAfter: 2)
        for i in 0..<20 { p.add(seconds: 1, now: UInt64(i) * Self.second) }
        #expect(p.stalls == 0 && p.stalledNanos == 0)
    }

    @Test func responsesAreReadAtEverySplitPoint() throws {
        let bytes = Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nabc".utf8)
        for split in 0...bytes.count {
            var reader = HTTPResponseReader()
            var got: [(Int, String, Int)] = []
            for part in [bytes[..<split], bytes[split...]] {
                try Array(part).withUnsafeBytes { raw in
                    try reader.read(raw, keepBody: { _ in true }, limit: 100) { got.append(($0.status, String(decoding: $0.body, as: UTF8.self), $0.bodyBytes)) }
                }
            }
            #expect(got.map(\.0) == [200, 404, 200], "split \(split)")
            #expect(got.map(\.1) == ["hello", "", "abc"], "split \(split)")
            #expect(!reader.isMidResponse)
        }
    }

    @Test func ourServersPublicationTimeIsReadFromTheHead() throws {
        let bytes = Array("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nx-swarmcast-published: 1700000000123456789\r\n\r\nxHTTP/1.1 200 OK\r\nX-Swarmcast-Published: soon\r\nContent-Length: 0\r\n\r\n".utf8)
        var reader = HTTPResponseReader()
        var published: [UInt64?] = []
        try bytes.withUnsafeBytes { try reader.read($0, keepBody: { _ in false }, limit: 10) { published.append($0.publishedNanos) } }
        #expect(published == [1_700_000_000_123_456_789, nil], "a value that is not a number is no time")
    }

    /// Heads are parsed in place when a read holds them whole and gathered when they are not:
    /// a head cut in three (CR LF CR LF itself split) reads the same as one.
    @Test func responsesAreReadWhenCutInThree() throws {
        let bytes = Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n".utf8)
        for first in 0...bytes.count {
            for second in first...bytes.count {
                var reader = HTTPResponseReader()
                var got: [(Int, String)] = []
                for part in [bytes[..<first], bytes[first..<second], bytes[second...]] {
                    try Array(part).withUnsafeBytes { raw in
                        try reader.read(raw, keepBody: { $0 == 200 }, limit: 100) { got.append(($0.status, String(decoding: $0.body, as: UTF8.self))) }
                    }
                }
                #expect(got.map(\.0) == [200, 503] && got.map(\.1) == ["ok", ""], "cut at \(first), \(second)")
            }
        }
    }

    /// Only CR LF ends a header line: a bare LF inside one does not start a new header.
    @Test func aBareLineFeedDoesNotEndAHeaderLine() throws {
        let bytes = Array("HTTP/1.1 200 OK\r\nServer: nginx\nContent-Length: 9\r\nDate: today\r\nContent-Length: 2\r\n\r\nok".utf8)
        var reader = HTTPResponseReader()
        var got: [(Int, String)] = []
        try bytes.withUnsafeBytes { try reader.read($0, keepBody: { _ in true }, limit: 100) { got.append(($0.status, String(decoding: $0.body, as: UTF8.self))) } }
        #expect(got.map(\.0) == [200] && got.map(\.1) == ["ok"])
        #expect(!reader.isMidResponse)
    }

    @Test func unframeableResponsesAreErrors() {
        func read(_ text: String, limit: Int = 100) -> HTTPResponseReader.ReadError? {
            var reader = HTTPResponseReader()
            do {
                try Array(text.utf8).withUnsafeBytes { try reader.read($0, keepBody: { _ in false }, limit: limit) { _ in } }
                return nil
            } catch { return error as? HTTPResponseReader.ReadError }
        }
        #expect(read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n") == .noLength)
        #expect(read("HTTP/1.1 200 OK\r\n\r\n") == .noLength)
        #expect(read("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", limit: 10) == .tooLarge)
        #expect(read("SSH-2.0-OpenSSH\r\n\r\n") == .badHead)
        #expect(read(String(repeating: "x", count: 20_000)) == .badHead)
        #expect(read("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n") == .badHead)
        #expect(read("HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n") == .noLength)
        #expect(read("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n") == .noLength)
        // Names are case-insensitive, values trimmed of spaces and tabs; identity is no encoding.
        #expect(read("HTTP/1.0 204\r\nTRANSFER-ENCODING:\tidentity \r\ncontent-LENGTH:\t0\r\n\r\n") == nil)
    }

    @Test func targetsAndRelativeURIs() throws {
        let server = SocketAddress(host: "127.0.0.1", port: 7400)
        let ours = try HLSTarget(url: nil, room: 3, server: server)
        #expect(ours.playlistPath == "/rooms/3/index.m3u8" && ours.address == server)
        #expect(ours.path(for: "seg4.m4s") == "/rooms/3/seg4.m4s")
        let other = try HLSTarget(url: "http://127.0.0.1:8080/live/{room}/index.m3u8?token=x", room: 2, server: server)
        #expect(other.address.port == 8080 && other.host == "127.0.0.1:8080")
        #expect(other.path(for: "a.ts") == "/live/2/a.ts")
        #expect(other.path(for: "/abs/b.ts") == "/abs/b.ts")
        #expect(other.path(for: "http://cdn.example/c/d.ts") == "/c/d.ts")
    }
}
