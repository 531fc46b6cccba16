@testable import SwarmcastServer
import Testing

/// The HLS request-head parser: request line, keep-alive rules of HTTP/1.0 and 1.1, and heads
/// that are not HTTP requests.
@Suite struct HLSHTTPRequestTests {
    func parse(_ text: String) -> HLSHTTPRequest? { HLSHTTPRequest(head: Array(text.utf8)) }

    @Test func requestLineAndKeepAlive() throws {
        let r = try #require(parse("GET /rooms/1/index.m3u8?_HLS_msn=3 HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(r.method == "GET" && r.target == "/rooms/1/index.m3u8?_HLS_msn=3" && r.keepAlive)
        #expect(parse("GET /a HTTP/1.1\r\nConnection: close\r\n\r\n")?.keepAlive == false)
        #expect(parse("GET /a HTTP/1.1\r\nCONNECTION:\tClose \r\n\r\n")?.keepAlive == false)
        #expect(parse("GET /a HTTP/1.0\r\n\r\n")?.keepAlive == false)
        #expect(parse("GET /a HTTP/1.0\r\nconnection: Keep-Alive\r\n\r\n")?.keepAlive == true)
        #expect(parse("HEAD /a HTTP/1.1\r\n\r\n")?.method == "HEAD")
    }

    @Test func aSingleRangeHeaderIsParsedAndOthersIgnored() {
        #expect(parse("GET /a HTTP/1.1\r\nRange: bytes=0-99\r\n\r\n")?.range == .from(first: 0, last: 99))
        #expect(parse("GET /a HTTP/1.1\r\nrange:bytes=100-\r\n\r\n")?.range == .from(first: 100, last: nil))
        #expect(parse("GET /a HTTP/1.1\r\nRANGE: bytes=-500 \r\n\r\n")?.range == .suffix(length: 500))
        #expect(parse("GET /a HTTP/1.1\r\n\r\n")?.range == nil)
        // Several ranges, another unit, a reversed range or junk: ignored (the whole body, 200).
        for value in ["bytes=0-1,5-6", "items=0-1", "bytes=9-3", "bytes=x-", "bytes=-", "bytes=1-2-3", "bytes=99999999999999999999-"] {
            #expect(parse("GET /a HTTP/1.1\r\nRange: \(value)\r\n\r\n")?.range == nil, "\(value)")
        }
    }

    @Test func rangesResolveAgainstTheBodyLength() {
        #expect(HTTPByteRange.from(first: 0, last: 99).resolved(length: 50) == 0...49)
        #expect(HTTPByteRange.from(first: 10, last: nil).resolved(length: 50) == 10...49)
        #expect(HTTPByteRange.from(first: 50, last: nil).resolved(length: 50) == nil)
        #expect(HTTPByteRange.suffix(length: 20).resolved(length: 50) == 30...49)
        #expect(HTTPByteRange.suffix(length: 500).resolved(length: 50) == 0...49)
        #expect(HTTPByteRange.suffix(length: 0).resolved(length: 50) == nil)
    }

    /// A segment cut to a range is 206 with `Content-Range`; out of range is 416 with the length;
    /// a playlist (not ranged media) ignores the header. Every head carries CORS.
    @Test func rangedAnswersAndTheirHeads() {
        let media = HLSResponse(status: 200, contentType: "audio/mp4", cacheControl: "max-age=60", body: Array(0..<100), kind: "segment", acceptsRanges: true)
        let part = media.ranged(.from(first: 10, last: 19))
        #expect(part.status == 206 && part.body == Array(10..<20) && part.contentRange == "bytes 10-19/100")
        let head = String(decoding: part.head(keepAlive: true), as: UTF8.self)
        #expect(head.hasPrefix("HTTP/1.1 206 Partial Content\r\n"))
        #expect(head.contains("Content-Length: 10\r\n") && head.contains("Content-Range: bytes 10-19/100\r\n"))
        #expect(head.contains("Accept-Ranges: bytes\r\n") && head.contains("Access-Control-Allow-Origin: *\r\n"))
        #expect(head.contains("Access-Control-Expose-Headers: Content-Length, Content-Range, Accept-Ranges\r\n"))
        let none = media.ranged(.from(first: 100, last: nil))
        #expect(none.status == 416 && none.contentRange == "bytes */100")
        #expect(String(decoding: none.head(keepAlive: false), as: UTF8.self).hasPrefix("HTTP/1.1 416 Range Not Satisfiable\r\n"))
        #expect(media.ranged(nil).status == 200)
        let playlist = HLSResponse(status: 200, contentType: "application/vnd.apple.mpegurl", cacheControl: "max-age=1", body: [1, 2, 3], kind: "playlist")
        #expect(playlist.ranged(.from(first: 1, last: 1)).status == 200)
        let preflight = String(decoding: HLSResponse.preflight(kind: "other").head(keepAlive: true), as: UTF8.self)
        #expect(preflight.hasPrefix("HTTP/1.1 204 No Content\r\n"))
        #expect(preflight.contains("Access-Control-Allow-Methods: GET, HEAD, OPTIONS\r\n") && preflight.contains("Access-Control-Allow-Headers: Range, Icy-MetaData\r\n"))
    }

    @Test(arguments: ["", "\r\n\r\n", "GET /a\r\n\r\n", "GET  /a HTTP/1.1\r\n\r\n", "GET /a HTTP/2.0\r\n\r\n",
                      "GET /a b HTTP/1.1\r\n\r\n", "SSH-2.0-OpenSSH_9.2\r\n\r\n", "GET /a HTTP/1.1x\r\n\r\n"])
    func notARequest(head: String) {
        #expect(parse(head) == nil, "\(head.debugDescription)")
    }
}
