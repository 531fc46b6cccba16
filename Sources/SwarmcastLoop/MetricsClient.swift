import Foundation

/// Reads a server's /metrics once (plain blocking HTTP/1.0, for loopback and short timeouts) into
/// name → value: how `run` reads the server it started and how an origin sums its edges.
public enum MetricsClient {
    /// Samples keyed by `name{labels}` as written; nil when the endpoint does not answer.
    public static func scrape(_ address: SocketAddress, path: String = "/metrics") -> [String: Double]? {
        guard let body = get(address, path: path) else { return nil }
        var out: [String: Double] = [:]
        for line in body.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            out[String(line[..<space])] = value
        }
        return out
    }

    public static func get(_ address: SocketAddress, path: String) -> String? {
        let fd = socket(address.isIPv6 ? AF_INET6 : AF_INET, 1 /* SOCK_STREAM */, 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var tv = Glibc.timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = address.port.bigEndian
        guard inet_pton(AF_INET, address.host, &sa.sin_addr) == 1 else { return nil }
        let ok = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0 else { return nil }
        let request = "GET \(path) HTTP/1.0\r\nHost: \(address)\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n"), text.hasPrefix("HTTP/1.") && text.contains(" 200 ") else { return nil }
        return String(text[split.upperBound...])
    }

    /// A port nobody listens on now (bind to 0, read it, close): for servers `run` starts.
    public static func freePort(host: String) -> UInt16? {
        guard let fd = try? Socket.listen(on: SocketAddress(host: host, port: 0)) else { return nil }
        defer { close(fd) }
        return try? Socket.localAddress(fd).port
    }
}
