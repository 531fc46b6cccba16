import Foundation
import SwarmcastLoop
import SwarmcastWire

/// A blocking loopback client for tests: connect, send frames or raw bytes, read frames.
public final class TestClient {
    public let fd: Int32
    public private(set) var decoder = FrameDecoder()
    public private(set) var closedByPeer = false

    public init(connectingTo address: SocketAddress) throws {
        fd = socket(AF_INET, 1 /* SOCK_STREAM */, 0)
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = address.port.bigEndian
        inet_pton(AF_INET, address.host, &sa.sin_addr)
        let rc = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        if rc != 0 {
            let code = errno
            close(fd)
            throw TestSupportError.connectFailed(code)
        }
    }

    deinit { close(fd) }

    public func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    public func send(_ frame: Frame) { send(FrameEncoder.encode(frame)) }

    public func hello(role: Role = .listener, room: UInt32 = 1, id: UInt64 = 1) {
        send(.hello(Hello(role: role, room: room, clientID: id)))
    }

    /// Reads frames until `until` says stop or `timeout` passes; returns them all.
    public func readFrames(timeout: TimeInterval = 5, until: ([Frame]) -> Bool) -> [Frame] {
        var frames: [Frame] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline && !until(frames) {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) > 0 else { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { closedByPeer = true; break }
            try? decoder.decode(Array(buffer[0..<n])) { frames.append($0) }
        }
        return frames
    }

    /// Reads raw bytes until the peer closes or `timeout` passes.
    public func readToEnd(timeout: TimeInterval) -> [UInt8] {
        var out: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) > 0 else { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { closedByPeer = n == 0; break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    /// True once the server has closed this connection (reads until EOF or timeout).
    public func waitForClose(timeout: TimeInterval) -> Bool {
        _ = readToEnd(timeout: timeout)
        return closedByPeer
    }
}

extension Array where Element == Frame {
    public var audio: [AudioFrame] { compactMap { if case .audio(let a) = $0 { a } else { nil } } }
}
