import Foundation
import SwarmcastLoop
import SwarmcastWire

/// Many native listeners read together by one poll() loop on a thread of its own, remembering
/// when each one received audio: for tests that must tell a stalled listener from a live one
/// while something else (a stopped edge, a scrape) is going on.
public final class AudioGapWatch: @unchecked Sendable {
    private let clients: [TestClient]
    private let lock = NSLock()
    /// Monotonic seconds at which each client received audio.
    private var arrivals: [[Double]]
    /// Clients whose connection the server closed (or that failed).
    private var closed: Set<Int> = []
    private var stopped = false
    private var thread: Thread?

    /// Connects `count` listeners to room 1 of `server` and starts reading.
    public init(count: Int, server: SocketAddress) throws {
        clients = try (0..<count).map { i in
            let c = try TestClient(connectingTo: server)
            c.hello(id: UInt64(i + 1))
            return c
        }
        arrivals = Array(repeating: [], count: count)
        let thread = Thread { [unowned self] in self.readLoop() }
        self.thread = thread
        thread.start()
    }

    deinit { stop() }

    public static func now() -> Double { Double(WallClock.monotonicNanos()) / 1e9 }

    public func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        while thread?.isFinished == false { usleep(10_000) }
    }

    /// How many clients have seen their connection end.
    public var closedCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return closed.count
    }

    /// Per client, the times audio arrived within `from...to`.
    public func arrivals(from: Double, to: Double) -> [[Double]] {
        lock.lock()
        defer { lock.unlock() }
        return arrivals.map { $0.filter { $0 >= from && $0 <= to } }
    }

    private func readLoop() {
        var decoders = clients.map { _ in FrameDecoder(maximumFrameBytes: 1 << 20, keepsAudioPayload: false) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        var fds = clients.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        while true {
            lock.lock()
            let done = stopped
            lock.unlock()
            if done { return }
            guard poll(&fds, nfds_t(fds.count), 50) > 0 else { continue }
            for i in fds.indices where fds[i].revents != 0 {
                let n = recv(fds[i].fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                if n < 0 && (errno == EAGAIN || errno == EINTR) { continue }
                if n <= 0 {
                    fds[i].fd = -1
                    lock.lock()
                    closed.insert(i)
                    lock.unlock()
                    continue
                }
                var audio = 0
                try? buffer.withUnsafeBytes { raw in
                    try decoders[i].decode(UnsafeRawBufferPointer(rebasing: raw[0..<n]), audio: { _ in audio += 1 }, other: { _ in })
                }
                if audio > 0 {
                    let t = Self.now()
                    lock.lock()
                    arrivals[i].append(t)
                    lock.unlock()
                }
            }
        }
    }
}
