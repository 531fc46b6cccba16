#if canImport(Glibc)
import Glibc
#endif
import CLibevent

/// A reply of the small HTTP endpoint.
public struct HTTPReply: Sendable {
    public var status: Int32
    public var contentType: String
    public var body: String
    public init(status: Int32 = 200, contentType: String = "text/plain; charset=utf-8", body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// A tiny HTTP server (libevent's evhttp) for /metrics and /health, on its own port so that
/// scraping never competes with the broadcast's accept queue.
public final class HTTPEndpoint {
    /// The address actually bound.
    public private(set) var address: SocketAddress
    private var http: OpaquePointer?
    private let handler: (String) -> HTTPReply

    /// Serves GET requests: `handler` maps a path (without query) to a reply.
    public init(loop: EventLoop, address: SocketAddress, handler: @escaping (String) -> HTTPReply) throws(LoopError) {
        self.handler = handler
        self.address = address
        guard let http = evhttp_new(loop.base) else { throw .libevent(function: "evhttp_new") }
        self.http = http
        guard let handle = evhttp_bind_socket_with_handle(http, address.host, address.port) else {
            evhttp_free(http)
            self.http = nil
            throw .systemCall(function: "bind \(address) (metrics)", errno: errno)
        }
        self.address = try Socket.localAddress(evhttp_bound_socket_get_fd(handle))
        evhttp_set_allowed_methods(http, UInt16(EVHTTP_REQ_GET.rawValue | EVHTTP_REQ_HEAD.rawValue))
        evhttp_set_gencb(http, { request, context in
            Unmanaged<HTTPEndpoint>.fromOpaque(context!).takeUnretainedValue().handle(request!)
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit { close() }

    /// Stops serving and releases the port.
    public func close() {
        if let http { evhttp_free(http) }
        http = nil
    }

    private func handle(_ request: OpaquePointer) {
        let uri = String(cString: evhttp_request_get_uri(request))
        let path = String(uri.split(separator: "?", maxSplits: 1).first ?? "")
        let reply = handler(path)
        evhttp_add_header(evhttp_request_get_output_headers(request), "Content-Type", reply.contentType)
        let buffer = evbuffer_new()
        var body = reply.body
        body.withUTF8 { _ = evbuffer_add(buffer, $0.baseAddress, $0.count) }
        evhttp_send_reply(request, reply.status, reply.status == 200 ? "OK" : "Error", buffer)
        evbuffer_free(buffer)
    }
}
