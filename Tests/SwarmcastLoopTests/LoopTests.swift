import Foundation
import SwarmcastLoop
import Testing

struct SocketAddressTests {
    @Test func parsesIPv4IPv6AndLocalhost() throws {
        #expect(try SocketAddress(parsing: "127.0.0.1:7400") == SocketAddress(host: "127.0.0.1", port: 7400))
        #expect(try SocketAddress(parsing: "[::1]:80") == SocketAddress(host: "::1", port: 80))
        #expect(try SocketAddress(parsing: "localhost:1") == SocketAddress(host: "127.0.0.1", port: 1))
        #expect(SocketAddress(host: "::1", port: 80).description == "[::1]:80")
    }

    @Test func refusesWhatIsNotAnAddress() {
        for bad in ["7400", "127.0.0.1", "127.0.0.1:99999", "example.com:80", "[::1:80", ":80"] {
            #expect(throws: LoopError.self, "\(bad)") { try SocketAddress(parsing: bad) }
        }
    }
}

/// A loop, an acceptor and two connections on loopback, all on this thread.
final class EchoHarness: ConnectionDelegate {
    var received: [UInt8] = []
    var connected = false
    var closeReason: CloseReason?
    func connectionDidConnect(_ connection: Connection) { connected = true }
    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) { received += bytes }
    func connection(_ connection: Connection, didCloseWith reason: CloseReason) { closeReason = reason }
}

struct ConnectionTests {
    /// A client connection and the server side's accepted one, both on `loop`, with a harness each.
    struct Pair {
        let loop: EventLoop, acceptor: Acceptor, client: Connection, accepted: Connection
        let clientSide: EchoHarness, serverSide: EchoHarness
    }

    func connectedPair(within seconds: TimeInterval = 5) throws -> Pair {
        let loop = try EventLoop()
        let serverSide = EchoHarness(), clientSide = EchoHarness()
        var accepted: [Connection] = []
        let acceptor = try Acceptor(loop: loop, address: SocketAddress(host: "127.0.0.1", port: 0)) { fd, _ in
            accepted.append(Connection(loop: loop, acceptedSocket: fd, delegate: serverSide))
        }
        let client = try Connection(loop: loop, connectingTo: acceptor.address, delegate: clientSide)
        let deadline = Date().addingTimeInterval(seconds)
        while (!clientSide.connected || accepted.isEmpty) && Date() < deadline { loop.runOnce(nonBlocking: true) }
        try #require(clientSide.connected && accepted.count == 1)
        return Pair(loop: loop, acceptor: acceptor, client: client, accepted: accepted[0], clientSide: clientSide, serverSide: serverSide)
    }

    @Test func connectsSendsReceivesAndSeesThePeerClose() throws {
        let p = try connectedPair()
        let (loop, client, serverSide) = (p.loop, p.client, p.serverSide)
        let deadline = Date().addingTimeInterval(5)
        let packet = OutboundPacket(bytes: Array(0..<200), frameCount: 1)
        client.send(packet)
        client.send(packet)
        while serverSide.received.count < 400 && Date() < deadline { loop.runOnce(nonBlocking: true) }
        #expect(serverSide.received == Array(0..<200) + Array(0..<200))
        client.close(notify: false)
        while serverSide.closeReason == nil && Date() < deadline { loop.runOnce(nonBlocking: true) }
        #expect(serverSide.closeReason == .peerClosed)
        p.acceptor.close()
    }

    /// A head and a body sent together arrive whole and in order, also when the kernel takes
    /// only part of them (a 4 MB body overflows the socket buffers, so the rest is queued and
    /// written as the reader drains), and the head leaves at once rather than behind Nagle.
    @Test func aHeadAndBodySentTogetherArriveWholeEvenWhenPartlyQueued() throws {
        let p = try connectedPair(within: 10)
        let (loop, clientSide, accepted) = (p.loop, p.clientSide, [p.accepted])
        let deadline = Date().addingTimeInterval(10)
        let head: [UInt8] = Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n".utf8)
        accepted[0].send(OutboundPacket(bytes: head), OutboundPacket(bytes: Array("hello".utf8)))
        while clientSide.received.count < head.count + 5 && Date() < deadline { loop.runOnce(nonBlocking: true) }
        #expect(clientSide.received == head + Array("hello".utf8))
        clientSide.received = []
        let body = (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        accepted[0].send(OutboundPacket(bytes: head), OutboundPacket(bytes: body))
        #expect(accepted[0].queuedBytes > 0)
        accepted[0].send(OutboundPacket(bytes: Array("next".utf8)))
        let total = head.count + body.count + 4
        while clientSide.received.count < total && Date() < deadline { loop.runOnce(nonBlocking: true) }
        #expect(clientSide.received.count == total)
        #expect(clientSide.received == head + body + Array("next".utf8))
        #expect(accepted[0].queuedBytes == 0)
        p.client.close(notify: false)
        p.acceptor.close()
    }

    @Test func aRefusedConnectIsReportedWithItsErrno() throws {
        let loop = try EventLoop()
        // A port that was free a moment ago: nobody listens there.
        let fd = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0))
        let address = try Socket.localAddress(fd)
        close(fd)
        let h = EchoHarness()
        let c = try Connection(loop: loop, connectingTo: address, delegate: h)
        let deadline = Date().addingTimeInterval(5)
        while h.closeReason == nil && Date() < deadline { loop.runOnce(nonBlocking: true) }
        #expect(h.closeReason == .connectFailed(errno: ECONNREFUSED))
        _ = c
    }

    @Test func queuedPacketsCanBeDroppedOldestFirstButNotAPartlyWrittenOne() throws {
        let loop = try EventLoop()
        var accepted: [Int32] = []
        let acceptor = try Acceptor(loop: loop, address: SocketAddress(host: "127.0.0.1", port: 0)) { fd, _ in accepted.append(fd) }
        let h = EchoHarness()
        let c = try Connection(loop: loop, connectingTo: acceptor.address, delegate: h)
        let deadline = Date().addingTimeInterval(5)
        while (!h.connected || accepted.isEmpty) && Date() < deadline { loop.runOnce(nonBlocking: true) }
        // The peer never reads: fill the kernel buffers until packets queue in user space.
        let big = OutboundPacket(bytes: Array(repeating: 7, count: 64 * 1024), frameCount: 10)
        var sent = 0
        while c.queuedFrames < 50 && sent < 2000 { c.send(big); sent += 1 }
        #expect(c.queuedFrames >= 50)
        let dropped = c.dropOldestQueued(keepingFrames: 20)
        #expect(dropped >= 30)
        #expect(c.queuedFrames <= 20)
        for fd in accepted { close(fd) }
    }
}

struct TimerTests {
    @Test func repeatingTimerFiresAndStops() throws {
        let loop = try EventLoop()
        var fired = 0
        var timer: LoopTimer?
        timer = LoopTimer(loop: loop, interval: .milliseconds(5), repeating: true) {
            fired += 1
            if fired == 3 { timer?.cancel(); loop.stop() }
        }
        timer?.start()
        loop.run()
        #expect(fired == 3)
    }
}
