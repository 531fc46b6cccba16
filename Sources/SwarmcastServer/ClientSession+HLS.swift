import SwarmcastHLS
import SwarmcastLoop
import SwarmcastWire

/// HLS on a session: a keep-alive connection that asks for playlists, parts and segments, one
/// request at a time (pipelined requests wait in order; a parked one holds those behind it).
extension ClientSession: HLSRequester {
    /// The first request head named an HLS resource: the connection becomes an HLS connection
    /// (a listener for the counts), or gets 503 when the process is full.
    func startHLS(with bytes: [UInt8]) {
        guard server.core.admitHLSConnection() else {
            let response = HLSResponse.error(503, kind: "other")
            server.metrics.countHLS(kind: response.kind, status: response.status, bytes: response.body.count)
            closeAfterSending(raw: response.head(keepAlive: false) + response.body, reason: "http-refused")
            return
        }
        hlsConnection = HLSConnection(buffer: bytes, now: WallClock.monotonicNanos())
        joined(.hls)
        handleHLSRequests()
    }

    /// More bytes on an HLS connection.
    func readHLS(_ bytes: UnsafeRawBufferPointer) {
        guard let hls = hlsConnection else { return }
        hls.buffer.append(contentsOf: bytes)
        // Bytes pile up only behind a parked request: a peer flooding them loses its connection.
        if hls.buffer.count > HLSConnection.maximumBufferedBytes { return close(reason: "http-head-too-large") }
        handleHLSRequests()
    }

    /// True when an idle keep-alive connection has waited past `deadline` (monotonic ns) for its
    /// next request: the handshake deadline, applied between requests.
    func hlsIdle(before deadline: UInt64) -> Bool {
        guard case .hls = state, let since = hlsConnection?.idleSinceNanos else { return false }
        return since < deadline
    }

    func answer(_ whole: HLSResponse) {
        guard case .hls = state, let hls = hlsConnection else { return }
        hls.waiting = false
        let response = whole.ranged(hls.range)
        let head = response.head(keepAlive: hls.keepAlive)
        let body = hls.headOnly ? [] : response.body
        server.metrics.countHLS(kind: response.kind, status: response.status, bytes: head.count + body.count)
        guard hls.keepAlive else {
            closeAfterSending(raw: head + body, reason: "hls-done")
            return
        }
        connection.send(OutboundPacket(bytes: head), OutboundPacket(bytes: body))
        hls.idleSinceNanos = WallClock.monotonicNanos()
        // A parked request answered from a frame: go on with what was pipelined behind it.
        if !hls.handling { handleHLSRequests() }
    }

    /// Handles complete request heads in the buffer, in order, until one is parked.
    private func handleHLSRequests() {
        guard let current = hlsConnection else { return }
        current.handling = true
        defer { current.handling = false }
        while case .hls = state, let hls = hlsConnection, !hls.waiting {
            guard let end = HTTPHead.end(in: hls.buffer) else {
                if hls.buffer.count > HTTPListenRequest.maximumBytes { close(reason: "http-head-too-large") }
                return
            }
            if connection.queuedBytes > HLSConnection.maximumQueuedBytes {
                close(reason: "hls-too-slow")
                return
            }
            let head = Array(hls.buffer[..<end])
            hls.buffer.removeFirst(end)
            hls.idleSinceNanos = nil
            guard let request = HLSHTTPRequest(head: head) else {
                hls.keepAlive = false
                answer(.error(400, kind: "bad-request"))
                return
            }
            hls.keepAlive = request.keepAlive
            hls.headOnly = request.method == "HEAD"
            hls.range = request.range
            switch request.method {
            case "GET", "HEAD":
                break
            case "OPTIONS":
                answer(.preflight(kind: "preflight"))
                continue
            default:
                var refused = HLSResponse.error(405, kind: "bad-request")
                refused.extraHeaders = "Allow: GET, HEAD, OPTIONS\r\n"
                answer(refused)
                continue
            }
            hls.waiting = true
            if let response = server.core.serveHLS(HLSRequestTarget.parse(request.target), for: self) {
                answer(response)
            }
        }
    }
}
