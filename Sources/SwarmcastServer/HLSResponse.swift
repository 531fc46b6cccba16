import SwarmcastHLS

/// One HLS answer, decided by the core (socket-free) and written by the session: the status, the
/// headers that differ between answers, and a body shared with every other requester of the
/// same resource (Swift arrays are copy-on-write: handing it on copies nothing).
struct HLSResponse {
    let status: Int
    let contentType: String
    let cacheControl: String
    let body: [UInt8]
    /// `HLSResource.kind`, or `bad-request` and `other`: the label `/metrics` counts it under.
    let kind: String

    var reason: String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 503: "Service Unavailable"
        default: "Error"
        }
    }

    static func error(_ status: Int, kind: String) -> HLSResponse {
        let text = HLSResponse(status: status, contentType: "", cacheControl: "", body: [], kind: kind).reason
        return HLSResponse(status: status, contentType: "text/plain", cacheControl: "no-store", body: Array("\(status) \(text)\n".utf8), kind: kind)
    }

    /// The response head for HTTP/1.1 (`keepAlive`) or a last answer (`Connection: close`).
    func head(keepAlive: Bool) -> [UInt8] {
        var h = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
        h += "Cache-Control: \(cacheControl)\r\nAccess-Control-Allow-Origin: *\r\n"
        h += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        return Array(h.utf8)
    }
}

/// Whoever asked for an HLS resource: a session, or a test's fake. Parked blocking reloads are
/// answered through this when their part appears or their deadline passes.
protocol HLSRequester: AnyObject {
    func answer(_ response: HLSResponse)
}
