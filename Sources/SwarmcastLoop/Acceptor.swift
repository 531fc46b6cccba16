#if canImport(Glibc)
import Glibc
#endif
import CLibevent

/// Accepts connections on a listening socket and hands each new socket to a handler.
///
/// Running out of file descriptors (EMFILE, ENFILE) or kernel memory does not spin or crash: the
/// acceptor pauses for `backoff`, counts the event, and resumes, while existing connections go on.
public final class Acceptor {
    /// The address actually bound (the real port when 0 was asked for).
    public let address: SocketAddress
    /// How many times accepting paused because descriptors or memory ran out.
    public private(set) var resourceExhaustions = 0

    private let fd: Int32
    private var event: OpaquePointer?
    private var resumeTimer: LoopTimer?
    private let handler: (Int32, SocketAddress) -> Void
    private var isEnabled = false

    /// Listens on `address`; `handler` receives each accepted non-blocking socket and its peer.
    public init(loop: EventLoop, address: SocketAddress, reusePort: Bool = false, backlog: Int32 = 4096, backoff: Duration = .milliseconds(100),
                handler: @escaping (Int32, SocketAddress) -> Void) throws(LoopError) {
        fd = try Socket.listen(on: address, backlog: backlog, reusePort: reusePort)
        self.address = try Socket.localAddress(fd)
        self.handler = handler
        event = event_new(loop.base, fd, Int16(EV_READ | EV_PERSIST), { _, _, context in
            Unmanaged<Acceptor>.fromOpaque(context!).takeUnretainedValue().acceptReady()
        }, Unmanaged.passUnretained(self).toOpaque())
        resumeTimer = LoopTimer(loop: loop, interval: backoff, repeating: false) { [unowned self] in self.enable() }
        enable()
    }

    deinit {
        close()
    }

    /// Stops accepting and closes the listening socket (existing connections are untouched).
    public func close() {
        guard let event else { return }
        resumeTimer?.cancel()
        event_del(event)
        event_free(event)
        self.event = nil
        Glibc.close(fd)
    }

    private func enable() {
        guard let event, !isEnabled else { return }
        event_add(event, nil)
        isEnabled = true
    }

    private func pause() {
        guard let event, isEnabled else { return }
        event_del(event)
        isEnabled = false
        resumeTimer?.start()
    }

    private func acceptReady() {
        // Bounded per wake-up so one busy listener cannot starve the rest of the loop.
        for _ in 0..<512 {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let client = withUnsafeMutablePointer(to: &storage) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    swarmcast_accept4(fd, $0, &length, 0o4000 | 0o2000000 /* SOCK_NONBLOCK | SOCK_CLOEXEC */)
                }
            }
            if client >= 0 {
                handler(client, SocketAddress(storage: storage))
                continue
            }
            switch errno {
            case EINTR, ECONNABORTED, EPROTO:
                continue
            case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                resourceExhaustions += 1
                pause()
                return
            default:
                return  // EAGAIN: drained
            }
        }
    }
}
