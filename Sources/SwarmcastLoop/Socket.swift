#if canImport(Glibc)
import Glibc
#endif
import CLibevent

/// The socket system calls Swarmcast makes, each through `systemCall` so errno is kept.
public enum Socket {
    /// SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC. Spelled as Linux's values because Glibc's
    /// enum and libevent's headers import these names ambiguously in whole-module builds.
    static let streamNonBlockingCloseOnExec: Int32 = 1 | 0o4000 | 0o2000000

    /// A non-blocking listening socket bound to `address`; `reusePort` lets several processes
    /// share one port (SO_REUSEPORT) so the kernel spreads connections over them.
    public static func listen(on address: SocketAddress, backlog: Int32 = 4096, reusePort: Bool = false) throws(LoopError) -> Int32 {
        let fd = try systemCall("socket") { socket(address.isIPv6 ? AF_INET6 : AF_INET, Socket.streamNonBlockingCloseOnExec, 0) }
        do {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            if reusePort { try setOption(fd, SOL_SOCKET, SO_REUSEPORT, 1) }
            try bind(fd, to: address)
            try systemCall("listen") { Glibc.listen(fd, backlog) }
            return fd
        } catch let error as LoopError {
            close(fd)
            throw error
        } catch {
            close(fd)
            throw .libevent(function: "listen")
        }
    }

    /// Starts a non-blocking connect; returns the socket, whose writability says the connect ended.
    /// `source` binds the local address first (to spread clients over 127.0.0.0/8).
    public static func startConnect(to address: SocketAddress, from source: SocketAddress? = nil) throws(LoopError) -> Int32 {
        let fd = try systemCall("socket") { socket(address.isIPv6 ? AF_INET6 : AF_INET, Socket.streamNonBlockingCloseOnExec, 0) }
        do {
            if let source {
                // Let the kernel pick the port only at connect time, so one source address can
                // reuse ports across different destinations.
                try? setOption(fd, Int32(IPPROTO_IP), 24 /* IP_BIND_ADDRESS_NO_PORT */, 1)
                try bind(fd, to: source)
            }
            try? setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
            var (storage, length) = try address.storage()
            let result = withUnsafePointer(to: &storage) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
            }
            if result == -1 && errno != EINPROGRESS && errno != EINTR {
                throw LoopError.systemCall(function: "connect \(address)", errno: errno)
            }
            return fd
        } catch let error as LoopError {
            close(fd)
            throw error
        } catch {
            close(fd)
            throw .libevent(function: "connect")
        }
    }

    /// Binds a socket to a local address.
    static func bind(_ fd: Int32, to address: SocketAddress) throws(LoopError) {
        var (storage, length) = try address.storage()
        try withUnsafePointer(to: &storage) { p throws(LoopError) in
            try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa throws(LoopError) in
                try systemCall("bind \(address)") { Glibc.bind(fd, sa, length) }
            }
        }
    }

    /// Writes `bytes` to the socket `fd` without blocking and without SIGPIPE: send()'s result,
    /// and errno when that is negative. Every single-buffer write of a connection or of the
    /// fan-out (`DirectWrites`) goes through here.
    @inline(__always)
    public static func send(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> (result: Int, errno: Int32) {
        let result = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        return (result, result < 0 ? errno : 0)
    }

    /// The pending error of a socket (SO_ERROR), 0 when none.
    public static func pendingError(_ fd: Int32) -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
        return code
    }

    /// Sets an integer socket option.
    public static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws(LoopError) {
        var v = value
        try systemCall("setsockopt") { setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size)) }
    }

    /// The local address a socket is bound to.
    public static func localAddress(_ fd: Int32) throws(LoopError) -> SocketAddress {
        try SocketAddress.local(of: fd)
    }

    /// The source address the kernel picks for the route to `destination`: the local address of
    /// a UDP socket connected there (connect on UDP only chooses a route; nothing is sent).
    public static func sourceAddress(toward destination: SocketAddress) throws(LoopError) -> SocketAddress {
        let fd = try systemCall("socket") { socket(destination.isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        defer { close(fd) }
        var (storage, length) = try destination.storage()
        let result = withUnsafePointer(to: &storage) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        if result == -1 { throw LoopError.systemCall(function: "connect (route to \(destination))", errno: errno) }
        return try SocketAddress.local(of: fd)
    }
}
