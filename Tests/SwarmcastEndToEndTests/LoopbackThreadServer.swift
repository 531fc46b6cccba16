import Foundation
import SwarmcastLoop

/// The plumbing of the scripted loopback servers the end-to-end tests talk to (`FakeHLSOrigin`,
/// `FakeAudioEdge`): a listening socket on a free loopback port, a thread per accepted connection
/// running `serve(fd)` (which closes nothing: the fd is closed after it returns), and a bounded
/// `stop()`. Threads with poll()ed blocking sockets; `serve` should check `isStopped` between polls.
final class LoopbackThreadServer: @unchecked Sendable {
    let port: UInt16
    private let listenFD: Int32
    private let lock = NSLock()
    private var stopped = false
    private var threads = 0
    private var serve: (@Sendable (Int32) -> Void)?

    init() throws {
        listenFD = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0))
        port = try Socket.localAddress(listenFD).port
    }

    /// Starts accepting; each connection runs `serve` on its own thread.
    func start(_ serve: @escaping @Sendable (Int32) -> Void) {
        self.serve = serve
        spawn { self.acceptLoop() }
    }

    deinit { stop() }

    func stop() {
        lock.lock()
        let already = stopped
        stopped = true
        lock.unlock()
        if !already { close(listenFD) }
        let deadline = Date().addingTimeInterval(3)
        while running > 0 && Date() < deadline { usleep(10_000) }
    }

    var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }
    private var running: Int { lock.lock(); defer { lock.unlock() }; return threads }

    private func spawn(_ body: @escaping @Sendable () -> Void) {
        lock.lock(); threads += 1; lock.unlock()
        Thread.detachNewThread { [self] in
            body()
            lock.lock(); threads -= 1; lock.unlock()
        }
    }

    private func acceptLoop() {
        while !isStopped {
            var pfd = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) > 0 else { continue }
            let fd = accept(listenFD, nil, nil)
            guard fd >= 0, let serve else { continue }
            spawn {
                serve(fd)
                close(fd)
            }
        }
    }
}
