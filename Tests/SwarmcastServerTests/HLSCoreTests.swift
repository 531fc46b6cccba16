import SwarmcastHLS
@testable import SwarmcastServer
import SwarmcastSettings
import Testing

/// HLS in the socket-free core: answers, the window's 404s, and blocking reloads that park until
/// their part exists or their deadline passes, on a hand-set clock.
@Suite struct HLSCoreTests {
    final class FakeRequester: HLSRequester {
        var answers: [HLSResponse] = []
        func answer(_ response: HLSResponse) { answers.append(response) }
    }

    /// One built-in speaker, 100 ms parts, 300 ms segments (target duration 1 s), a window of 2.
    /// (HLS is cut once asked for: the rooms are asked before the first frame.)
    static func harness(speakers: Int = 1, maxListeners: Int = 100) -> CoreHarness {
        let h = CoreHarness {
            $0.server.demoSpeakers = speakers
            $0.server.partDuration = .milliseconds(100)
            $0.server.segmentDuration = .milliseconds(300)
            $0.server.playlistSegments = 2
            $0.server.maxListeners = maxListeners
        }
        for room in h.core.rooms { room.media.wantHLS() }
        return h
    }

    @Test func onDemandARoomIsCutOnlyOnceAskedAndFromASegmentBoundary() {
        let h = CoreHarness {
            $0.server.demoSpeakers = 1
            $0.server.partDuration = .milliseconds(100)
            $0.server.segmentDuration = .milliseconds(300)
            $0.server.hlsCutting = .onDemand
        }
        h.tick(20)
        let media = h.core.rooms[0].media
        #expect(media.hls.nextPart == nil, "nobody asked: nothing cut")
        #expect(Self.serve(h, "/rooms/1/index.m3u8") == nil, "parked until a complete segment exists")
        h.tick(9)  // frames 21-29: segment 1 is under way, not cut
        #expect(media.hls.nextPart == nil)
        h.tick(6)  // frame 31 starts segment 2: cutting begins there
        #expect(media.hls.nextPart! == (2, 1))
    }

    @Test func byDefaultARoomIsCutFromItsFirstFrame() {
        let h = CoreHarness {
            $0.server.demoSpeakers = 1
            $0.server.partDuration = .milliseconds(100)
            $0.server.segmentDuration = .milliseconds(300)
        }
        h.tick(16)
        #expect(h.core.rooms[0].media.hls.segments.count == 1, "segment 0 is complete before anyone asked")
        let answer = Self.serve(h, "/rooms/1/index.m3u8")
        #expect(answer?.status == 200)
        #expect(answer.map { String(decoding: $0.body, as: UTF8.self).contains("seg0.m4s") } == true)
    }

    static func serve(_ h: CoreHarness, _ target: String, _ r: FakeRequester = FakeRequester()) -> HLSResponse? {
        h.core.serveHLS(HLSRequestTarget.parse(target[...]), for: r)
    }

    /// A plain (non-blocking) playlist never lists parts only: ffmpeg, GStreamer and CDN edges
    /// cannot start from a window with no complete segment, so the request waits for one.
    @Test func aPlainPlaylistRequestWaitsForTheFirstCompleteSegment() throws {
        let h = Self.harness()
        let r = FakeRequester()
        #expect(Self.serve(h, "/rooms/1/index.m3u8", r) == nil)
        #expect(h.metrics.hlsParkedNow == 1)
        h.tick(6)
        #expect(r.answers.isEmpty, "parts 0.0 and 0.1 exist, but no complete segment")
        h.tick(10)
        let answer = try #require(r.answers.first)
        #expect(answer.status == 200 && answer.kind == "playlist")
        let text = String(decoding: answer.body, as: UTF8.self)
        #expect(text.contains("#EXTINF:0.300,\nseg0.m4s\n"))
        #expect(text.contains("#EXT-X-INDEPENDENT-SEGMENTS\n"))
        #expect(h.metrics.hlsParkedNow == 0)
    }

    @Test func aBlockingReloadIsAnsweredWhenItsPartIsPublished() throws {
        let h = Self.harness()
        h.tick(20)  // segment 0 complete, part 1.0 published
        let r = FakeRequester()
        #expect(Self.serve(h, "/rooms/1/index.m3u8?_HLS_msn=1&_HLS_part=2", r) == nil)
        h.tick(5)
        #expect(r.answers.isEmpty, "part 1.1 is not the one asked for")
        h.tick(5)
        let answer = try #require(r.answers.first)
        #expect(answer.status == 200 && answer.kind == "playlist-blocking")
        #expect(String(decoding: answer.body, as: UTF8.self).contains("part1.2.m4s"))
        #expect(answer.cacheControl == "max-age=6")
    }

    @Test func aReloadTooFarAheadIs400AndAnOldOneIsAnsweredAtOnce() throws {
        let h = Self.harness()
        h.tick(20)
        #expect(Self.serve(h, "/rooms/1/index.m3u8?_HLS_msn=9")?.status == 400)
        #expect(Self.serve(h, "/rooms/1/index.m3u8?_HLS_msn=0")?.status == 200)
        #expect(Self.serve(h, "/rooms/1/index.m3u8?_HLS_part=1")?.status == 400)
    }

    @Test func aReloadWhoseAudioNeverComesGets503AfterThreeTargetDurations() throws {
        let h = Self.harness(speakers: 0)
        let r = FakeRequester()
        #expect(Self.serve(h, "/rooms/1/index.m3u8?_HLS_msn=0", r) == nil)
        h.tick(140)  // 2.8 s
        #expect(r.answers.isEmpty)
        h.tick(15)
        #expect(r.answers.first?.status == 503)
        #expect(h.metrics.hlsParkedNow == 0 && h.metrics.hlsParkedTotal == 1)
    }

    @Test func segmentsAndPartsOutsideTheWindowAre404() throws {
        let h = Self.harness()
        h.tick(15 * 4 + 2)  // segments 0-3 complete, window holds 2 and 3
        #expect(Self.serve(h, "/rooms/1/seg3.m4s")?.status == 200)
        #expect(Self.serve(h, "/rooms/1/seg3.m4s")?.cacheControl.hasSuffix("immutable") == true)
        #expect(Self.serve(h, "/rooms/1/seg1.m4s")?.status == 404)
        #expect(Self.serve(h, "/rooms/1/seg4.m4s")?.status == 404)
        #expect(Self.serve(h, "/rooms/1/part3.2.m4s")?.status == 200)
        #expect(Self.serve(h, "/rooms/1/part9.0.m4s")?.status == 404)
        #expect(Self.serve(h, "/rooms/7/index.m3u8")?.status == 404)
        #expect(Self.serve(h, "/rooms/1/init.mp4")?.status == 200)
        #expect(Self.serve(h, "/rooms/1/nothing.m4s")?.status == 404)
    }

    @Test func thePreloadHintedPartIsParkedUntilItExists() throws {
        let h = Self.harness()
        h.tick(7)
        let r = FakeRequester()
        #expect(Self.serve(h, "/rooms/1/part0.1.m4s", r) == nil)
        h.tick(3)
        #expect(r.answers.first?.status == 200 && r.answers.first?.kind == "part")
    }

    @Test func aClosedRequesterIsForgottenAndAFullProcessRefusesNewConnections() {
        let h = Self.harness(speakers: 0, maxListeners: 1)
        let r = FakeRequester()
        #expect(h.core.admitHLSConnection())
        #expect(!h.core.admitHLSConnection())
        #expect(Self.serve(h, "/rooms/1/index.m3u8", r) == nil)
        h.core.removeHLSConnection(r)
        #expect(h.metrics.hlsParkedNow == 0 && h.core.listenerCount == 0)
        h.tick(200)
        #expect(r.answers.isEmpty)
    }
}
