import Foundation
@testable import SwarmcastLoop
@testable import SwarmcastServer
import Testing

/// The fan-out writes a packet straight to a listener's socket while nothing is queued for it,
/// the variant that listener reads, and goes through the listener otherwise.
struct DirectFanOutTests {
    /// A connected pair of Unix stream sockets: the fan-out writes to `[0]`, the test reads `[1]`.
    final class SocketPair {
        let fds: [Int32]
        init(sendBuffer: Int32? = nil) throws {
            var pair: [Int32] = [0, 0]
            try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
            if var size = sendBuffer { setsockopt(pair[0], SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size)) }
            fds = pair
        }
        deinit { for fd in fds { close(fd) } }

        /// What has arrived at `[1]` (without waiting).
        func readAll() -> [UInt8] {
            var out: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { recv(fds[1], $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                guard n > 0 else { return out }
                out += buffer[0..<n]
            }
        }
    }

    let writes = DirectWrites()

    func fanOut(backlogFrames: Int = 50) -> FanOut {
        FanOut(policy: .skipToLive, backlogFrames: backlogFrames, metrics: ServerMetrics(), queuedBytes: { 0 },
               memoryCeilingBytes: .max, directWrites: writes)
    }

    func listener(on pair: SocketPair?, hearsHopStamps: Bool = true) -> FakeListener {
        let listener = FakeListener()
        listener.directSocket = pair?.fds[0] ?? -1
        listener.hearsHopStamps = hearsHopStamps
        return listener
    }

    func targets(_ listeners: [FakeListener]) -> [DirectTarget] {
        listeners.map { DirectTarget(socket: $0.directSocket, hearsHopStamps: $0.hearsHopStamps) }
    }

    let packet = OutboundPacket(bytes: Array("current packet".utf8), frameCount: 2,
                                legacy: OutboundPacket(bytes: Array("legacy".utf8), frameCount: 2))

    @Test func listenersWithNothingQueuedGetTheirVariantOnTheirSocketAndOthersThroughTheirSession() throws {
        let current = try SocketPair(), legacy = try SocketPair()
        let listeners = [listener(on: current), listener(on: legacy, hearsHopStamps: false), listener(on: nil)]
        fanOut().deliver(packet, to: listeners, direct: targets(listeners))
        #expect(current.readAll() == packet.bytes)
        #expect(legacy.readAll() == packet.legacy?.bytes)
        #expect(listeners[0].written.isEmpty && listeners[1].written.isEmpty)
        #expect(listeners[2].written.map(\.bytes) == [packet.bytes])
        // Without targets (relays) every packet goes through the listener.
        fanOut().deliver(packet, to: listeners)
        #expect(current.readAll().isEmpty)
        #expect(listeners[0].written.map(\.bytes) == [packet.bytes])
        #expect(listeners[1].written.map(\.bytes) == [packet.legacy?.bytes])
    }

    @Test func aListenerWithBytesQueuedGetsThePacketBehindThem() throws {
        let pair = try SocketPair()
        let listeners = [listener(on: pair)]
        writes.setQueued(pair.fds[0], true)
        fanOut().deliver(packet, to: listeners, direct: targets(listeners))
        #expect(pair.readAll().isEmpty)
        #expect(listeners[0].written.map(\.bytes) == [packet.bytes])
        writes.setQueued(pair.fds[0], false)
        fanOut().deliver(packet, to: listeners, direct: targets(listeners))
        #expect(pair.readAll() == packet.bytes)
    }

    @Test func aPacketLongerThanTheBacklogGoesThroughThePolicy() throws {
        let pair = try SocketPair()
        let listeners = [listener(on: pair)]
        fanOut(backlogFrames: 1).deliver(packet, to: listeners, direct: targets(listeners))
        #expect(pair.readAll().isEmpty)
        #expect(listeners[0].written.count == 1)
    }

    @Test func aSocketThatTakesPartOfThePacketHandsTheRestToItsListener() throws {
        let pair = try SocketPair(sendBuffer: 4096)
        let listeners = [listener(on: pair)]
        let big = OutboundPacket(bytes: Array(repeating: 9, count: 1 << 20), frameCount: 2)
        fanOut().deliver(big, to: listeners, direct: targets(listeners))
        let taken = try #require(listeners[0].unfinishedDirectWrites.first)
        #expect(taken > 0 && taken < big.bytes.count)
        #expect(pair.readAll().count == taken)
    }
}
