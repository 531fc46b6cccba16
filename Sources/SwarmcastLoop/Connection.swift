#if canImport(Glibc)
import Glibc
#endif
import CLibevent

/// What a connection tells its owner.
public protocol ConnectionDelegate: AnyObject {
    /// An outbound connect finished; the connection is open.
    func connectionDidConnect(_ connection: Connection)
    /// Bytes arrived; they are valid only during the call.
    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer)
    /// The connection is closed and its socket released; called once, not after `close(notify: false)`.
    func connection(_ connection: Connection, didCloseWith reason: CloseReason)
}

/// Why a connection ended.
public enum CloseReason: Equatable, Sendable, CustomStringConvertible {
    case peerClosed
    case readError(errno: Int32)
    case writeError(errno: Int32)
    case connectFailed(errno: Int32)
    /// This side closed it (policy, protocol error, shutdown).
    case local

    public var description: String {
        switch self {
        case .peerClosed: "peer-closed"
        case .readError(let e): "read-error(\(e))"
        case .writeError(let e): "write-error(\(e))"
        case .connectFailed(let e): "connect-failed(\(e))"
        case .local: "local"
        }
    }
}

/// One non-blocking TCP socket on an event loop, with a queue of shared outbound packets.
///
/// Writes go straight to the socket; only when the kernel buffer is full is the remainder queued
/// and EV_WRITE armed, so a listener that keeps up costs one send() per packet and no epoll changes.
public final class Connection {
    public enum State { case connecting, open, closed }

    public let fd: Int32
    /// The owner that hears about this connection. Not retained, and not `weak`: a weak reference
    /// moves the owner's reference counts to a side table, which made every retain and release of
    /// a session on the fan-out path take the slow path (perf: ~4% of server CPU). Every owner
    /// holds its connection and outlives its callbacks (a draining connection calls no delegate).
    public unowned(unsafe) var delegate: ConnectionDelegate?
    public private(set) var state: State
    /// Bytes queued for writing because the socket could not take them yet.
    public private(set) var queuedBytes = 0 {
        didSet { loop.queuedBytes += queuedBytes - oldValue }
    }
    /// Audio frames in queued packets that have not started to be written (can still be dropped).
    public private(set) var queuedFrames = 0

    private var readEvent: OpaquePointer?
    private var writeEvent: OpaquePointer?
    private var queue: [OutboundPacket] = []
    /// Bytes of `queue[0]` already written.
    private var headOffset = 0
    private let loop: EventLoop

    /// Wraps an accepted (or otherwise connected) non-blocking socket and starts reading.
    public init(loop: EventLoop, acceptedSocket fd: Int32, delegate: ConnectionDelegate?) {
        self.loop = loop
        self.fd = fd
        self.delegate = delegate
        state = .open
        createEvents()
        event_add(readEvent, nil)
    }

    /// Starts a non-blocking connect to `address`, optionally from `source`; the delegate hears
    /// `connectionDidConnect` or a close with `.connectFailed`.
    public init(loop: EventLoop, connectingTo address: SocketAddress, from source: SocketAddress? = nil,
                delegate: ConnectionDelegate?) throws(LoopError) {
        self.loop = loop
        fd = try Socket.startConnect(to: address, from: source)
        self.delegate = delegate
        state = .connecting
        createEvents()
        armWrite()
    }

    deinit {
        if state != .closed { close(notify: false) }
    }

    private func createEvents() {
        let context = Unmanaged.passUnretained(self).toOpaque()
        readEvent = event_new(loop.base, fd, Int16(EV_READ | EV_PERSIST), { _, _, context in
            Unmanaged<Connection>.fromOpaque(context!).takeUnretainedValue().readReady()
        }, context)
    }

    /// Waits for the socket to take more bytes. The write event is made only when first needed
    /// and freed once the queue drains: most listeners never fill their socket, and an idle
    /// event costs ~150 bytes per connection.
    private func armWrite() {
        if writeEvent == nil {
            writeEvent = event_new(loop.base, fd, Int16(EV_WRITE), { _, _, context in
                Unmanaged<Connection>.fromOpaque(context!).takeUnretainedValue().writeReady()
            }, Unmanaged.passUnretained(self).toOpaque())
        }
        event_add(writeEvent, nil)
    }

    private func releaseWriteEvent() {
        guard let writeEvent else { return }
        event_del(writeEvent)
        event_free(writeEvent)
        self.writeEvent = nil
    }

    /// Stops reading (a client that never reads), or resumes.
    public func setReading(_ enabled: Bool) {
        guard state == .open else { return }
        if enabled { event_add(readEvent, nil) } else { event_del(readEvent) }
    }

    /// Sends a packet now if the socket takes it, else queues it behind what is waiting.
    public func send(_ packet: OutboundPacket) {
        guard state == .open else { return }
        guard queue.isEmpty else { return enqueue(packet) }
        queueRest(of: packet, written: write(packet.bytes, from: 0))
    }

    /// Finishes a send the fan-out made straight to this socket (`DirectWrites`), which it made
    /// only while nothing was queued: `result` and `code` are send()'s result and errno. What the
    /// socket did not take is queued as `send` queues it, and an error closes the connection.
    public func finishDirectWrite(_ packet: OutboundPacket, result: Int, errno code: Int32) {
        guard state == .open else { return }
        queueRest(of: packet, written: settled(result, errno: code))
    }

    /// Queues what a first write of `packet` left (`written` bytes went; -1 if it closed).
    private func queueRest(of packet: OutboundPacket, written: Int) {
        guard written >= 0, written < packet.bytes.count else { return }
        enqueue(packet, written: written)
        armWrite()
    }

    /// Sends two packets with one sendmsg() when nothing is queued: an HTTP response's head and
    /// its shared body leave in one system call, never as a small head that Nagle's algorithm
    /// holds back until the peer's delayed ACK (that cost every HLS fetch ~40 ms), and a response
    /// costs one write instead of two. What the socket does not take is queued as `send` does.
    public func send(_ first: OutboundPacket, _ second: OutboundPacket) {
        guard state == .open else { return }
        guard queue.isEmpty, !first.bytes.isEmpty, !second.bytes.isEmpty else {
            send(first)
            send(second)
            return
        }
        let written = write(first.bytes, second.bytes)
        guard written >= 0, written < first.bytes.count + second.bytes.count else { return }
        if written < first.bytes.count {
            enqueue(first, written: written)
            enqueue(second)
        } else {
            enqueue(second, written: written - first.bytes.count)
        }
        armWrite()
    }

    /// Queues `packet` behind what waits, `written` of its bytes already sent (only a packet that
    /// becomes the head of the queue can be partly sent); a packet not yet started counts its
    /// frames as droppable.
    private func enqueue(_ packet: OutboundPacket, written: Int = 0) {
        if queue.isEmpty {
            headOffset = written
            loop.directWrites.setQueued(fd, true)
        }
        queue.append(packet)
        queuedBytes += packet.bytes.count - written
        if written == 0 { queuedFrames += packet.frameCount }
    }

    /// Sends bytes that belong to this connection alone (handshake replies, ROOM_STATE, ...).
    public func send(_ bytes: [UInt8]) {
        send(OutboundPacket(bytes: bytes))
    }

    /// Drops queued packets that have not started to be written, oldest first, until at most
    /// `keepFrames` audio frames remain queued; returns how many frames were dropped.
    @discardableResult
    public func dropOldestQueued(keepingFrames keepFrames: Int) -> Int {
        var dropped = 0
        var index = headOffset > 0 ? 1 : 0
        while queuedFrames > keepFrames && index < queue.count {
            let packet = queue[index]
            if packet.frameCount == 0 { index += 1; continue }
            queue.remove(at: index)
            queuedBytes -= packet.bytes.count
            queuedFrames -= packet.frameCount
            dropped += packet.frameCount
        }
        if queue.isEmpty { loop.directWrites.setQueued(fd, false) }
        return dropped
    }

    /// Closes the socket; the delegate hears about it unless `notify` is false.
    public func close(reason: CloseReason = .local, notify: Bool = true) {
        guard state != .closed else { return }
        state = .closed
        if let readEvent { event_del(readEvent); event_free(readEvent) }
        if let writeEvent { event_del(writeEvent); event_free(writeEvent) }
        readEvent = nil
        writeEvent = nil
        Glibc.close(fd)
        loop.directWrites.setQueued(fd, false)
        queue.removeAll()
        queuedBytes = 0
        queuedFrames = 0
        if drainingSelf != nil { loop.drainingConnections -= 1 }
        let keptAlive = drainingSelf
        drainingSelf = nil
        if notify && keptAlive == nil { delegate?.connection(self, didCloseWith: reason) }
        _ = keptAlive
    }

    /// Closes after what is queued has been written (or at once when nothing is), without telling
    /// the delegate. The connection keeps itself alive until then, so its owner may let go of it.
    public func closeAfterFlush() {
        guard state == .open, !queue.isEmpty else { close(notify: false); return }
        guard drainingSelf == nil else { return }
        event_del(readEvent)
        drainingSelf = self
        loop.drainingConnections += 1
    }
    /// Set while draining before a close: the connection's own strong reference.
    private var drainingSelf: Connection?

    /// Writes from `offset`; returns bytes written (0 when the socket is full) or -1 after closing.
    private func write(_ bytes: [UInt8], from offset: Int) -> Int {
        let (result, code) = bytes.withUnsafeBytes { Socket.send(UnsafeRawBufferPointer(rebasing: $0[offset...]), to: fd) }
        return settled(result, errno: code)
    }

    /// Writes two buffers with one gathering sendmsg(); returns bytes written (0 when the socket
    /// is full) or -1 after closing.
    private func write(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let result = a.withUnsafeBytes { ra in
            b.withUnsafeBytes { rb in
                var vectors = [iovec(iov_base: UnsafeMutableRawPointer(mutating: ra.baseAddress!), iov_len: ra.count),
                               iovec(iov_base: UnsafeMutableRawPointer(mutating: rb.baseAddress!), iov_len: rb.count)]
                return vectors.withUnsafeMutableBufferPointer { v in
                    var message = msghdr()
                    message.msg_iov = v.baseAddress
                    message.msg_iovlen = v.count
                    return sendmsg(fd, &message, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
                }
            }
        }
        return settled(result, errno: errno)
    }

    /// A write's result as bytes written: a full socket (or a signal) is 0, any other error
    /// (`code`, the errno right after the write) closes the connection and is -1.
    private func settled(_ result: Int, errno code: Int32) -> Int {
        if result >= 0 { return result }
        if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return 0 }
        close(reason: .writeError(errno: code))
        return -1
    }

    private func writeReady() {
        if state == .connecting {
            let code = Socket.pendingError(fd)
            if code != 0 { close(reason: .connectFailed(errno: code)); return }
            state = .open
            releaseWriteEvent()
            event_add(readEvent, nil)
            delegate?.connectionDidConnect(self)
            return
        }
        while let head = queue.first {
            let wasStarted = headOffset > 0
            let written = write(head.bytes, from: headOffset)
            if written < 0 { return }
            if !wasStarted && written > 0 { queuedFrames -= head.frameCount }
            headOffset += written
            queuedBytes -= written
            if headOffset < head.bytes.count {
                armWrite()
                return
            }
            queue.removeFirst()
            headOffset = 0
        }
        loop.directWrites.setQueued(fd, false)
        if drainingSelf != nil { close(notify: false); return }
        releaseWriteEvent()
    }

    private func readReady() {
        let buffer = loop.readBuffer
        for _ in 0..<4 {
            let n = recv(fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT))
            if n > 0 {
                delegate?.connection(self, didRead: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                if state != .open || n < buffer.count { return }
                continue
            }
            if n == 0 { close(reason: .peerClosed); return }
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return }
            close(reason: .readError(errno: code))
            return
        }
    }
}
