import Foundation
@testable import SwarmcastLoop
import Testing

/// The fan-out writes to a socket directly only while its connection has nothing queued; these
/// check that the record of queued sockets follows the connection's queue, and that a direct
/// write the socket took only in part is finished in order by the connection.
struct DirectWritesTests {
    /// 4 MB: more than loopback's socket buffers take at once, so the rest must queue.
    let big = OutboundPacket(bytes: (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }, frameCount: 1)

    /// Runs the loop until the client side has `count` bytes (10 s at most).
    func receive(_ count: Int, on p: ConnectionTests.Pair) {
        let deadline = Date().addingTimeInterval(10)
        while p.clientSide.received.count < count && Date() < deadline { p.loop.runOnce(nonBlocking: true) }
    }

    func close(_ p: ConnectionTests.Pair) {
        p.client.close(notify: false)
        p.acceptor.close()
    }

    @Test func aSocketIsClearUntilItsConnectionQueuesAndAgainOnceTheQueueDrains() throws {
        let p = try ConnectionTests().connectedPair()
        let (loop, fd) = (p.loop, p.accepted.fd)
        #expect(loop.directWrites.isClear(fd))
        p.accepted.send(big)
        #expect(p.accepted.queuedBytes > 0)
        #expect(!loop.directWrites.isClear(fd))
        receive(big.bytes.count, on: p)
        #expect(p.clientSide.received.count == big.bytes.count)
        #expect(p.accepted.queuedBytes == 0)
        #expect(loop.directWrites.isClear(fd))
        close(p)
    }

    @Test func aDirectWriteTheSocketTookInPartIsFinishedInOrderByItsConnection() throws {
        let p = try ConnectionTests().connectedPair()
        let (loop, fd) = (p.loop, p.accepted.fd)
        let (result, code) = big.bytes.withUnsafeBytes { Socket.send($0, to: fd) }
        try #require(result > 0 && result < big.bytes.count, "loopback took \(result) of \(big.bytes.count) bytes")
        p.accepted.finishDirectWrite(big, result: result, errno: code)
        #expect(p.accepted.queuedBytes == big.bytes.count - result)
        #expect(!loop.directWrites.isClear(fd))
        // A packet sent now waits behind the rest of the first one.
        let next = OutboundPacket(bytes: Array("next".utf8), frameCount: 1)
        p.accepted.send(next)
        receive(big.bytes.count + next.bytes.count, on: p)
        #expect(p.clientSide.received == big.bytes + next.bytes)
        #expect(loop.directWrites.isClear(fd))
        close(p)
    }

    @Test func aFailedDirectWriteClosesTheConnectionAndClearsItsSocket() throws {
        let p = try ConnectionTests().connectedPair()
        let (loop, fd) = (p.loop, p.accepted.fd)
        p.accepted.finishDirectWrite(big, result: -1, errno: EPIPE)
        #expect(p.accepted.state == .closed)
        #expect(p.serverSide.closeReason == .writeError(errno: EPIPE))
        #expect(loop.directWrites.isClear(fd))
        // A full socket (EAGAIN) queues the whole packet instead.
        let q = try ConnectionTests().connectedPair()
        q.accepted.finishDirectWrite(big, result: -1, errno: EAGAIN)
        #expect(q.accepted.state == .open)
        #expect(q.accepted.queuedBytes == big.bytes.count)
        #expect(!q.loop.directWrites.isClear(q.accepted.fd))
        q.accepted.close()
        #expect(q.loop.directWrites.isClear(q.accepted.fd))
        close(p)
        close(q)
    }

    @Test func theRecordGrowsForHighDescriptorsAndStartsClear() {
        let writes = DirectWrites()
        #expect(writes.isClear(5000))
        writes.setQueued(5000, true)
        #expect(!writes.isClear(5000))
        #expect(writes.isClear(4999))
        writes.setQueued(5000, false)
        #expect(writes.isClear(5000))
        writes.setQueued(-1, true)
    }
}
