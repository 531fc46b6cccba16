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

    @Test(arguments: ["", "\r\n\r\n", "GET /a\r\n\r\n", "GET  /a HTTP/1.1\r\n\r\n", "GET /a HTTP/2.0\r\n\r\n",
                      "GET /a b HTTP/1.1\r\n\r\n", "SSH-2.0-OpenSSH_9.2\r\n\r\n", "GET /a HTTP/1.1x\r\n\r\n"])
    func notARequest(head: String) {
        #expect(parse(head) == nil, "\(head.debugDescription)")
    }
}
