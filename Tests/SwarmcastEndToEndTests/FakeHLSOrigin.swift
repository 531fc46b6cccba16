import Foundation
import SwarmcastLoop
import SwarmcastTestSupport

/// A scripted HLS origin on loopback for the listener tests: each request's path goes to
/// `respond`, whose answer is written as is (so it can lie about lengths, stop mid-body or
/// never answer). Threads with poll()ed blocking sockets; `stop()` ends them all (bounded).
final class FakeHLSOrigin: @unchecked Sendable {
    enum Answer {
        /// Writes these bytes and keeps the connection.
        case bytes([UInt8])
        /// Writes these bytes, then closes the connection.
        case bytesThenClose([UInt8])
        /// Writes these bytes, then never writes again (the connection stays open).
        case bytesThenHang([UInt8])
    }

    private let server: LoopbackThreadServer
    private let respond: @Sendable (String) -> Answer
    var port: UInt16 { server.port }

    init(respond: @escaping @Sendable (String) -> Answer) throws {
        server = try LoopbackThreadServer()
        self.respond = respond
        server.start { [weak self] fd in self?.serve(fd) }
    }

    deinit { stop() }

    var url: String { "http://127.0.0.1:\(port)/live/index.m3u8" }

    /// A 200 with a body and its length.
    static func ok(_ body: String, type: String = "application/vnd.apple.mpegurl") -> [UInt8] {
        Array("HTTP/1.1 200 OK\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
    }

    static func status(_ code: Int) -> [UInt8] { Array("HTTP/1.1 \(code) X\r\nContent-Length: 0\r\n\r\n".utf8) }

    /// A live playlist of 1 s segments `first...last` dated from now backwards.
    static func playlist(first: Int, last: Int) -> String {
        let now = UInt64(Date().timeIntervalSince1970 * 1e9)
        var text = "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:\(first)\n"
        for msn in first...last {
            let date = now - UInt64(last - msn + 1) * 1_000_000_000
            text += "#EXT-X-PROGRAM-DATE-TIME:\(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(date) / 1e9)))\n#EXTINF:1.0,\nseg\(msn).ts\n"
        }
        return text
    }

    func stop() { server.stop() }

    private var isStopped: Bool { server.isStopped }

    private func serve(_ fd: Int32) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var hanging = false
        while !isStopped {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) > 0 else { continue }
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return }
            if hanging { continue }
            buffer += chunk[0..<n]
            while let end = HTTPHeadEnd.find(buffer) {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end)
                let path = head.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
                switch respond(path) {
                case .bytes(let b): write(fd, b)
                case .bytesThenClose(let b): write(fd, b); return
                case .bytesThenHang(let b): write(fd, b); hanging = true
                }
            }
        }
    }

    private func write(_ fd: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}

enum HTTPHeadEnd {
    static func find(_ b: [UInt8]) -> Int? {
        guard b.count >= 4 else { return nil }
        for i in 0...(b.count - 4) where b[i] == 13 && b[i + 1] == 10 && b[i + 2] == 13 && b[i + 3] == 10 { return i + 4 }
        return nil
    }
}
