import Foundation

/// Who a shard's host is, as its summary records it: the kernel's host name (uname's nodename,
/// so a UTS namespace's own name) and the source address the kernel picks for the route to the
/// server (a connected UDP socket's local address: no packet is sent).
enum ShardHost {
    static func name(fallback: String) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return fallback }
        let name = String(cString: buffer)
        return name.isEmpty ? fallback : name
    }

    /// `server` is numeric HOST:PORT (IPv4, or [IPv6]:PORT).
    static func sourceAddress(toward server: String) -> String? {
        guard let colon = server.lastIndex(of: ":") else { return nil }
        var host = String(server[..<colon])
        let port = UInt16(server[server.index(after: colon)...]) ?? 9
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.contains(":") {
            var remote = sockaddr_in6()
            remote.sin6_family = sa_family_t(AF_INET6)
            remote.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, host, &remote.sin6_addr) == 1 else { return nil }
            return local(family: AF_INET6, remote: &remote, size: MemoryLayout<sockaddr_in6>.size)
        }
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &remote.sin_addr) == 1 else { return nil }
        return local(family: AF_INET, remote: &remote, size: MemoryLayout<sockaddr_in>.size)
    }

    private static func local<T>(family: Int32, remote: inout T, size: Int) -> String? {
        let fd = socket(family, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(size)) }
        }
        guard connected == 0 else { return nil }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let ok: Bool = withUnsafePointer(to: &storage) { pointer in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { a in
                    var address = a.pointee.sin6_addr
                    return inet_ntop(AF_INET6, &address, &text, socklen_t(text.count)) != nil
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { a in
                var address = a.pointee.sin_addr
                return inet_ntop(AF_INET, &address, &text, socklen_t(text.count)) != nil
            }
        }
        return ok ? String(cString: text) : nil
    }
}
