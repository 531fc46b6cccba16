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
    /// Media (init, segments, parts) never changes once published, so it answers byte ranges.
    var acceptsRanges = false
    /// `Content-Range` of a 206 or 416 answer.
    var contentRange: String? = nil
    /// Header lines only some answers carry (the preflight's `Access-Control-Allow-*`).
    var extraHeaders = ""

    var reason: String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 206: "Partial Content"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 416: "Range Not Satisfiable"
        case 503: "Service Unavailable"
        default: "Error"
        }
    }

    static func error(_ status: Int, kind: String) -> HLSResponse {
        let text = HLSResponse(status: status, contentType: "", cacheControl: "", body: [], kind: kind).reason
        return HLSResponse(status: status, contentType: "text/plain", cacheControl: "no-store", body: Array("\(status) \(text)\n".utf8), kind: kind)
    }

    /// The answer to a CORS preflight (`OPTIONS`): a web player on another origin may GET and
    /// HEAD anything here, with a `Range` (CDN-style segment requests) or `Icy-MetaData` header.
    static func preflight(kind: String) -> HLSResponse {
        HLSResponse(status: 204, contentType: "text/plain", cacheControl: "max-age=86400", body: [], kind: kind,
                    extraHeaders: "Access-Control-Allow-Methods: GET, HEAD, OPTIONS\r\nAccess-Control-Allow-Headers: Range, Icy-MetaData\r\nAccess-Control-Max-Age: 86400\r\n")
    }

    /// Headers every answer carries so that browsers on other origins may read it.
    static let corsHeaders = "Access-Control-Allow-Origin: *\r\nAccess-Control-Expose-Headers: Content-Length, Content-Range, Accept-Ranges\r\n"

    /// This answer cut to a single byte range (206, or 416 when none of it exists); unchanged
    /// when it is not ranged media or `range` is nil.
    func ranged(_ range: HTTPByteRange?) -> HLSResponse {
        guard let range, status == 200, acceptsRanges else { return self }
        guard let bytes = range.resolved(length: body.count) else {
            var r = HLSResponse.error(416, kind: kind)
            r.contentRange = "bytes */\(body.count)"
            return r
        }
        var r = HLSResponse(status: 206, contentType: contentType, cacheControl: cacheControl, body: Array(body[bytes]), kind: kind, acceptsRanges: true)
        r.contentRange = "bytes \(bytes.lowerBound)-\(bytes.upperBound)/\(body.count)"
        return r
    }

    /// The response head for HTTP/1.1 (`keepAlive`) or a last answer (`Connection: close`).
    /// `Content-Length` is the body's also for HEAD, which sends the head alone.
    func head(keepAlive: Bool) -> [UInt8] {
        var h = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
        h += "Cache-Control: \(cacheControl)\r\n" + Self.corsHeaders + extraHeaders
        if acceptsRanges { h += "Accept-Ranges: bytes\r\n" }
        if let contentRange { h += "Content-Range: \(contentRange)\r\n" }
        h += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        return Array(h.utf8)
    }
}

/// Whoever asked for an HLS resource: a session, or a test's fake. Parked blocking reloads are
/// answered through this when their part appears or their deadline passes.
protocol HLSRequester: AnyObject {
    func answer(_ response: HLSResponse)
}
