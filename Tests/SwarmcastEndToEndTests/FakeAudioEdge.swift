import Foundation
import SwarmcastLoop
import SwarmcastTestSupport
import SwarmcastWire

/// A broken edge on loopback for the decoded-listener tests: it speaks the native protocol
/// perfectly (WELCOME, then every seat's frames with consecutive sequence numbers and live
/// capture times, 5 frames per 100 ms) but its audio comes from `AudioFaultSource`, so only
/// listeners that decode can tell that it is wrong. Threads with poll()ed blocking sockets;
/// `stop()` ends them (bounded).
final class FakeAudioEdge: @unchecked Sendable {
    let port: UInt16
    private let listenFD: Int32
    private let source: AudioFaultSource
    private let seats: Int
    private let startNanos = UInt64(Date().timeIntervalSince1970 * 1e9)
    private let lock = NSLock()
    /// The fault source's encoder is not shared between connection threads.
    private let sourceLock = NSLock()
    private var stopped = false
    private var threads = 0

    init(fault: AudioFault, seats: Int = 1) throws {
        listenFD = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0))
        port = try Socket.localAddress(listenFD).port
        source = AudioFaultSource(fault: fault)
        self.seats = seats
        spawn { self.acceptLoop() }
    }

    deinit { stop() }

    var address: String { "127.0.0.1:\(port)" }

    func stop() {
        lock.lock()
        let already = stopped
        stopped = true
        lock.unlock()
        if !already { close(listenFD) }
        let deadline = Date().addingTimeInterval(3)
        while running > 0 && Date() < deadline { usleep(10_000) }
    }

    private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }
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
            guard fd >= 0 else { continue }
            spawn { self.serve(fd) }
        }
    }

    /// WELCOME after the first bytes (the HELLO), then the live frames until the listener leaves.
    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var chunk = [UInt8](repeating: 0, count: 4096)
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, 2_000) > 0, recv(fd, &chunk, chunk.count, 0) > 0 else { return }
        let frameNanos: UInt64 = 20_000_000
        var next = (UInt64(Date().timeIntervalSince1970 * 1e9) - startNanos) / frameNanos + 1
        guard write(fd, FrameEncoder.encode(.welcome(Welcome(session: 1, room: 1, listeners: 1, speakers: UInt8(seats), lastSequence: next - 1)))) else { return }
        while !isStopped {
            usleep(100_000)
            let now = UInt64(Date().timeIntervalSince1970 * 1e9)
            let due = (now - startNanos) / frameNanos
            var bytes: [UInt8] = []
            sourceLock.lock()
            defer { sourceLock.unlock() }
            while next <= due {
                for seat in 0..<seats {
                    FrameEncoder.append(.audio(AudioFrame(room: 1, speaker: UInt8(seat), sequence: next, captureTimeNanos: startNanos + next * frameNanos,
                                                          payload: source.packet(sequence: next, seat: seat))), to: &bytes)
                }
                next += 1
            }
            guard bytes.isEmpty || write(fd, bytes) else { return }
        }
    }

    private func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }
}
