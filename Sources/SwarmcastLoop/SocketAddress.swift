#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 socket address, parsed from `HOST:PORT` or `[V6]:PORT`.
public struct SocketAddress: Sendable, Equatable, CustomStringConvertible {
    /// The numeric host, as given (no DNS: load targets are addresses).
    public let host: String
    public let port: UInt16

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses `127.0.0.1:7400`, `[::1]:7400` or `localhost:7400`.
    public init(parsing text: String) throws(LoopError) {
        var host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { throw .badAddress(text) }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw .badAddress(text) }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        if host == "localhost" { host = "127.0.0.1" }
        guard let port = UInt16(portText), !host.isEmpty else { throw .badAddress(text) }
        self.host = String(host)
        self.port = port
        _ = try storage()
    }

    public var isIPv6: Bool { host.contains(":") }

    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The address as a `sockaddr_storage` and its length.
    func storage() throws(LoopError) -> (sockaddr_storage, socklen_t) {
        var storage = sockaddr_storage()
        if isIPv6 {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, host, &a.sin6_addr) == 1 else { throw .badAddress(description) }
            withUnsafeBytes(of: a) { src in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: src) } }
            return (storage, socklen_t(MemoryLayout<sockaddr_in6>.size))
        }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &a.sin_addr) == 1 else { throw .badAddress(description) }
        withUnsafeBytes(of: a) { src in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: src) } }
        return (storage, socklen_t(MemoryLayout<sockaddr_in>.size))
    }

    /// The address a socket is bound to (for port 0 binds).
    static func local(of fd: Int32) throws(LoopError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try withUnsafeMutablePointer(to: &storage) { p throws(LoopError) in
            try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa throws(LoopError) in
                try systemCall("getsockname") { getsockname(fd, sa, &length) }
            }
        }
        return SocketAddress(storage: storage)
    }

    init(storage: sockaddr_storage) {
        var s = storage
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        if Int32(storage.ss_family) == AF_INET6 {
            let a = withUnsafePointer(to: &s) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee } }
            var addr = a.sin6_addr
            inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count))
            self.init(host: String(cString: buffer), port: UInt16(bigEndian: a.sin6_port))
        } else {
            let a = withUnsafePointer(to: &s) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee } }
            var addr = a.sin_addr
            inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count))
            self.init(host: String(cString: buffer), port: UInt16(bigEndian: a.sin_port))
        }
    }
}
