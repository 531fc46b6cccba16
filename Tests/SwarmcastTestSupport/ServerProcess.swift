import Foundation
import SwarmcastLoop

/// A `swarmcast serve` child on free loopback ports, stopped when the test ends.
public final class ServerProcess {
    public let process: Subprocess
    public let listen: SocketAddress
    public let metrics: SocketAddress

    public convenience init(_ extra: [String] = []) throws {
        try self.init(listen: SocketAddress(host: "127.0.0.1", port: Self.freePort()),
                      metrics: SocketAddress(host: "127.0.0.1", port: Self.freePort()), extra)
    }

    /// A server on given addresses (to start a new one where a stopped one was).
    public init(listen: SocketAddress, metrics: SocketAddress, _ extra: [String] = []) throws {
        self.listen = listen
        self.metrics = metrics
        process = try Subprocess(["serve", "--listen", listen.description, "--metrics", metrics.description, "--log-level", "warning"] + extra,
                                 captureStdout: false)
        let deadline = Date().addingTimeInterval(15)
        while httpGet("/health") == nil {
            guard process.isRunning, Date() < deadline else {
                // A server that never answered is still a child: stop it here, since a failed
                // initialiser leaves no object whose deinit would (one outlived a test run).
                process.stop(signal: SIGKILL)
                throw TestSupportError.serverDidNotStart
            }
            usleep(20_000)
        }
    }

    deinit { stop() }

    /// SIGTERM and wait; returns the exit status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM) -> Int32 {
        process.stop(signal: signal)
    }

    public var stderr: String { process.stderr }

    /// One Prometheus sample by its full name (with labels), or nil.
    public func metric(_ name: String) -> Double? {
        guard let body = httpGet("/metrics") else { return nil }
        for line in body.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.split(separator: " ").last ?? "")
        }
        return nil
    }

    public func httpGet(_ path: String) -> String? {
        guard let client = try? TestClient(connectingTo: metrics) else { return nil }
        client.send(Array("GET \(path) HTTP/1.0\r\nHost: x\r\n\r\n".utf8))
        let text = String(decoding: client.readToEnd(timeout: 3), as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        return String(text[split.upperBound...])
    }

    public static func freePort() -> UInt16 {
        let fd = try! Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0))
        defer { close(fd) }
        return try! Socket.localAddress(fd).port
    }
}

public enum TestSupportError: Error { case serverDidNotStart, connectFailed(Int32) }
