import Foundation
import SwarmcastLoop
import SwarmcastTestSupport
import SwarmcastWire

/// A broken edge on loopback for the decoded-listener tests: it speaks the native protocol
/// perfectly (WELCOME, then every seat's frames with consecutive sequence numbers and live
/// capture times, 5 frames per 100 ms) but its audio comes from `AudioFaultSource`, so only
/// listeners that decode can tell that it is wrong (`LoopbackThreadServer` runs the connections).
final class FakeAudioEdge: @unchecked Sendable {
    private let server: LoopbackThreadServer
    private let source: AudioFaultSource
    private let seats: Int
    private let startNanos = UInt64(Date().timeIntervalSince1970 * 1e9)
    /// The fault source's encoder is not shared between connection threads.
    private let sourceLock = NSLock()

    init(fault: AudioFault, seats: Int = 1) throws {
        server = try LoopbackThreadServer()
        source = AudioFaultSource(fault: fault)
        self.seats = seats
        server.start { [weak self] fd in self?.serve(fd) }
    }

    deinit { stop() }

    var address: String { "127.0.0.1:\(server.port)" }

    func stop() { server.stop() }

    private var isStopped: Bool { server.isStopped }

    /// WELCOME after the first bytes (the HELLO), then the live frames until the listener leaves.
    private func serve(_ fd: Int32) {
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
