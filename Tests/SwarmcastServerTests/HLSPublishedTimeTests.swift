import SwarmcastHLS
@testable import SwarmcastServer
import Testing

/// Parts and segments say when they were published (`X-Swarmcast-Published`), which HLS players
/// split their delay by (packaging, discovery, fetch).
struct HLSPublishedTimeTests {
    @Test func partsAndSegmentsCarryTheirPublicationTime() throws {
        let h = HLSCoreTests.harness()
        h.tick(4)  // 100 ms parts of 5 frames: the first part is published on the 5th frame's tick
        let firstPartTime = h.clock.realtimeNanos
        h.tick(1)
        let part = try #require(HLSCoreTests.serve(h, "/rooms/1/part0.0.m4s"))
        #expect(part.status == 200)
        #expect(String(decoding: part.head(keepAlive: true), as: UTF8.self).contains("\r\nX-Swarmcast-Published: \(firstPartTime + h.frameIntervalNanos)\r\n"))
        h.tick(10)
        let segment = try #require(HLSCoreTests.serve(h, "/rooms/1/seg0.m4s"))
        let published = h.core.rooms[0].media.hls.segment(0)?.publishedNanos
        #expect(published == firstPartTime + 11 * h.frameIntervalNanos, "the segment is published with its last part")
        #expect(String(decoding: segment.head(keepAlive: true), as: UTF8.self).contains("X-Swarmcast-Published: \(published ?? 0)\r\n"))
        let playlist = try #require(HLSCoreTests.serve(h, "/rooms/1/index.m3u8"))
        #expect(!String(decoding: playlist.head(keepAlive: true), as: UTF8.self).contains("X-Swarmcast-Published"))
    }
}
