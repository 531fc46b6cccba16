import SwarmcastHLS
import Testing

/// The segmenter's window, names and bytes, and the playlist written from it.
@Suite struct HLSSegmenterTests {
    /// 20 ms frames, 100 ms parts, 300 ms segments (3 parts of 5 frames), a window of 2.
    static let config = HLSSegmenterConfig(frameNanos: 20_000_000, segmentNanos: 300_000_000, partNanos: 100_000_000, windowSegments: 2)

    static func fed(frames: ClosedRange<UInt64>, config: HLSSegmenterConfig = config) -> HLSSegmenter {
        var s = HLSSegmenter(config: config)
        for seq in frames { s.append(packet: [UInt8](repeating: UInt8(truncatingIfNeeded: seq), count: 80), sequence: seq, captureNanos: 1_000_000_000_000 + seq * 20_000_000) }
        return s
    }

    @Test func durationsRoundToWholeFramesAndParts() {
        let c = Self.config
        #expect(c.framesPerPart == 5 && c.partsPerSegment == 3 && c.framesPerSegment == 15)
        #expect(c.targetDurationSeconds == 1)
        let defaults = HLSSegmenterConfig(frameNanos: 20_000_000, segmentNanos: 3_000_000_000, partNanos: 500_000_000, windowSegments: 6)
        #expect(defaults.framesPerPart == 25 && defaults.partsPerSegment == 6 && defaults.targetDurationSeconds == 3)
    }

    @Test func partsCompleteOnTheirLastFrameAndSegmentsOnTheirLastPart() {
        var s = HLSSegmenter(config: Self.config)
        for seq in UInt64(1)...4 { let done = s.append(packet: [1], sequence: seq, captureNanos: seq); #expect(!done) }
        let fifth = s.append(packet: [1], sequence: 5, captureNanos: 5)
        #expect(fifth)
        #expect(s.open?.parts.count == 1 && s.segments.isEmpty)
        #expect(s.nextPart! == (0, 1))
        for seq in UInt64(6)...15 { s.append(packet: [1], sequence: seq, captureNanos: seq) }
        #expect(s.open == nil && s.segments.count == 1)
        #expect(s.segments[0].bytes == s.segments[0].parts.flatMap(\.bytes))
        #expect(s.nextPart! == (1, 0))
        #expect(s.hasPublished(msn: 0, part: nil) && !s.hasPublished(msn: 1, part: 0))
    }

    @Test func theWindowSlidesAndOldSegmentsAreGone() {
        let s = Self.fed(frames: 1...(15 * 5 + 7))  // 5 complete segments, a sixth begun
        #expect(s.segments.map(\.msn) == [3, 4])
        #expect(s.segment(2) == nil && s.segment(5) == nil)
        #expect(s.segment(4) != nil)
        #expect(s.part(5, 0) != nil && s.part(5, 1) == nil)
        #expect(s.part(1, 0) == nil)
        #expect(s.firstMSN == 3 && s.nextMSN == 5)
    }

    @Test func edgesFedTheSameFramesBuildTheSameBytes() {
        let a = Self.fed(frames: 1...60)
        let b = Self.fed(frames: 31...60)  // joined later: the segments both hold are identical
        #expect(a.segment(3)?.bytes == b.segment(3)?.bytes)
        #expect(HLSPlaylistWriter.render(a) == HLSPlaylistWriter.render(b))
    }

    @Test func aGapClosesTheShortPartAndSegment() {
        var s = HLSSegmenter(config: Self.config)
        for seq in UInt64(1)...3 { s.append(packet: [1], sequence: seq, captureNanos: seq) }
        // Frame 38 is in part 1 of segment 2: part 0.0 (3 frames) and segment 0 close short.
        let jumped = s.append(packet: [1], sequence: 38, captureNanos: 38)
        #expect(jumped)
        #expect(s.segments.count == 1 && s.segments[0].frameCount == 3)
        #expect(s.open == nil)
        // A frame from before the part being built is ignored.
        let old = s.append(packet: [1], sequence: 2, captureNanos: 2)
        #expect(!old)
    }

    @Test func thePlaylistListsTheWindowWithDatesPartsAndAHint() {
        let s = Self.fed(frames: 1...(15 * 3 + 5))
        let text = HLSPlaylistWriter.render(s)
        #expect(text.hasPrefix("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:1\n#EXT-X-INDEPENDENT-SEGMENTS\n"))
        // A 0.6 s window never reaches the 6 s Skip Boundary: no delta updates offered.
        #expect(text.contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.300\n"))
        #expect(!text.contains("EXT-X-SKIP:"), "a full playlist skips nothing")
        #expect(text.contains("#EXT-X-PART-INF:PART-TARGET=0.100\n"))
        #expect(text.contains("#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-MAP:URI=\"init.mp4\"\n"))
        #expect(text.contains("#EXTINF:0.300,\nseg2.m4s\n"))
        #expect(!text.contains("seg0.m4s"))
        #expect(text.contains("#EXT-X-PART:DURATION=0.100,URI=\"part3.0.m4s\",INDEPENDENT=YES\n"))
        #expect(text.hasSuffix("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part3.1.m4s\"\n"))
        // The segment's date is its first frame's capture time: frame 16 of segment 1.
        #expect(text.contains("#EXT-X-PROGRAM-DATE-TIME:\(ProgramDateTime.format(nanos: 1_000_000_000_000 + 16 * 20_000_000))\n"))
    }

    /// A delta update leaves out the segments that end at least the Skip Boundary (six target
    /// durations, 6 s here) before the playlist's end, and says how many in `EXT-X-SKIP`; what it
    /// keeps is the full playlist's tail, byte for byte.
    @Test func aDeltaUpdateSkipsTheSegmentsBeforeTheSkipBoundary() throws {
        let config = HLSSegmenterConfig(frameNanos: 20_000_000, segmentNanos: 300_000_000, partNanos: 100_000_000, windowSegments: 30)
        let s = Self.fed(frames: 1...(15 * 25 + 5), config: config)  // segments 0-24, part 25.0
        let full = HLSPlaylistWriter.render(s)
        let delta = HLSPlaylistWriter.render(s, skip: true)
        #expect(full.contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=6.000,PART-HOLD-BACK=0.300\n"))
        // 0.1 s open + 20 × 0.3 s = 6.0 s after segment 4's end: segments 0-4 are skippable.
        #expect(delta.contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=5\n"))
        #expect(!delta.contains("seg4.m4s") && delta.contains("seg5.m4s"))
        let tail = try #require(full.range(of: "#EXT-X-PROGRAM-DATE-TIME:\(ProgramDateTime.format(nanos: 1_000_000_000_000 + 76 * 20_000_000))"))
        #expect(delta.hasSuffix(full[tail.lowerBound...]))
        #expect(delta.utf8.count < full.utf8.count)
        // A window shorter than the boundary has nothing to skip.
        #expect(!HLSPlaylistWriter.render(Self.fed(frames: 1...50), skip: true).contains("EXT-X-SKIP"))
    }

    @Test func programDateTimeRoundTrips() {
        let nanos: UInt64 = 1_795_000_000_123_000_000
        let text = ProgramDateTime.format(nanos: nanos)
        #expect(text == "2026-11-18T11:06:40.123Z")
        #expect(ProgramDateTime.parse(text[...]) == nanos)
        #expect(ProgramDateTime.parse("2026-11-18T12:06:40.123+01:00") == nanos)
        #expect(ProgramDateTime.parse("1970-01-01T00:00:00Z") == 0)
        for bad in ["", "2026-11-18", "2026-13-18T08:26:40Z", "2026-11-18T08:26:40", "2026-11-18T08:26:40.Z", "2026-11-18T08:26:40Zjunk",
                    "2600-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"] {  // past UInt64 nanoseconds: refused, not a trap
            #expect(ProgramDateTime.parse(bad[...]) == nil, "\(bad)")
        }
    }

    @Test func requestTargetsParse() {
        #expect(HLSRequestTarget.parse("/rooms/2/index.m3u8") == .resource(room: 2, .playlist(msn: nil, part: nil)))
        #expect(HLSRequestTarget.parse("/rooms/2/index.m3u8?_HLS_msn=7&_HLS_part=3") == .resource(room: 2, .playlist(msn: 7, part: 3)))
        #expect(HLSRequestTarget.parse("/rooms/2/index.m3u8?_HLS_msn=7&_HLS_skip=YES") == .resource(room: 2, .playlist(msn: 7, part: nil, skip: true)))
        #expect(HLSRequestTarget.parse("/rooms/2/index.m3u8?_HLS_skip=v2") == .resource(room: 2, .playlist(msn: nil, part: nil, skip: true)))
        #expect(HLSRequestTarget.parse("/rooms/2/index.m3u8?_HLS_skip=NO") == .resource(room: 2, .playlist(msn: nil, part: nil, skip: false)))
        #expect(HLSRequestTarget.parse("/rooms/2/init.mp4") == .resource(room: 2, .initSegment))
        #expect(HLSRequestTarget.parse("/rooms/2/seg12.m4s") == .resource(room: 2, .segment(msn: 12)))
        #expect(HLSRequestTarget.parse("/rooms/2/part12.4.m4s") == .resource(room: 2, .part(msn: 12, index: 4)))
        #expect(HLSRequestTarget.parse("/rooms/2/listen") == .notHLS)
        #expect(HLSRequestTarget.parse("/metrics") == .notHLS)
        #expect(HLSRequestTarget.parse("/rooms/2/other.m4s") == .unknownName)
        #expect(HLSRequestTarget.parse("//rooms//2/seg12.m4s") == .resource(room: 2, .segment(msn: 12)))
        #expect(HLSRequestTarget.parse("/rooms/2/index.m3u8?&&_HLS_msn=7&x=y&") == .resource(room: 2, .playlist(msn: 7, part: nil)))
        #expect(HLSRequestTarget.parse("/rooms/2/part12.m4s") == .unknownName)
        #expect(HLSRequestTarget.parse("/rooms/2/seg.m4s") == .unknownName)
        #expect(HLSRequestTarget.parse("/rooms/2/seg99999999999999999999.m4s") == .unknownName)
        #expect(HLSRequestTarget.parse("/rooms/2/x/index.m3u8") == .notHLS)
        for bad in ["/rooms/x/index.m3u8", "/rooms/2/index.m3u8?_HLS_part=1", "/rooms/2/index.m3u8?_HLS_msn=-1", "/rooms/2/index.m3u8?_HLS_msn=1&_HLS_part=x",
                    "/rooms/4294967296/index.m3u8", "/rooms/2/index.m3u8?_HLS_msn=99999999999999999999", "/rooms/2/index.m3u8?_HLS_msn="] {
            guard case .malformed = HLSRequestTarget.parse(bad[...]) else { Issue.record("\(bad) not malformed"); continue }
        }
    }
}
