import SwarmcastHLS
import Testing

/// The listener's playlist parser on good playlists (ours, ffmpeg's) and bad ones.
@Suite struct HLSMediaPlaylistTests {
    @Test func parsesOurLLHLSPlaylist() throws {
        let config = HLSSegmenterConfig(frameNanos: 20_000_000, segmentNanos: 300_000_000, partNanos: 100_000_000, windowSegments: 3)
        var s = HLSSegmenter(config: config)
        for seq in UInt64(1)...52 { s.append(packet: [1, 2], sequence: seq, captureNanos: 1_000_000_000_000 + seq * 20_000_000) }
        let p = try HLSMediaPlaylist.parse(HLSPlaylistWriter.render(s))
        #expect(p.mediaSequence == 0 && p.segments.map(\.msn) == [0, 1, 2])
        #expect(p.nextMSN == 3 && p.openParts.count == 1)
        #expect(p.canBlockReload && p.partTarget == 0.1 && p.partHoldBack == 0.3)
        #expect(p.mapURI == "init.mp4" && p.preloadHintURI == "part3.1.m4s")
        #expect(p.segments[2].dateNanos == 1_000_000_000_000 + 31 * 20_000_000)
        #expect(p.segments[2].parts[1].dateNanos == 1_000_000_000_000 + 36 * 20_000_000)
        #expect(p.openParts[0].uri == "part3.0.m4s")
        // Staleness is measured against the newest part (open, of segment 3), not segment 2's end.
        #expect(p.newestMediaEndNanos(parts: true) == p.openParts[0].dateNanos! + 100_000_000)
        // A plain HLS player can use whole segments only.
        #expect(p.newestMediaEndNanos(parts: false) == p.segments[2].dateNanos! + 300_000_000)
        #expect(p.newestMediaEndNanos(parts: true)! > p.segments[2].dateNanos! + 300_000_000)
    }

    /// A delta update's segments keep their media sequence numbers: the skipped ones count.
    @Test func parsesADeltaUpdateAndTheHoldBacks() throws {
        let config = HLSSegmenterConfig(frameNanos: 20_000_000, segmentNanos: 300_000_000, partNanos: 100_000_000, windowSegments: 30)
        var s = HLSSegmenter(config: config)
        for seq in UInt64(1)...(15 * 25 + 5) { s.append(packet: [1, 2], sequence: seq, captureNanos: 1_000_000_000_000 + seq * 20_000_000) }
        let full = try HLSMediaPlaylist.parse(HLSPlaylistWriter.render(s))
        let delta = try HLSMediaPlaylist.parse(HLSPlaylistWriter.render(s, skip: true))
        #expect(full.skippedSegments == 0 && delta.skippedSegments == 5)
        #expect(delta.firstListedMSN == 5 && delta.segments.first?.msn == 5)
        #expect(delta.nextMSN == full.nextMSN && delta.segments.last == full.segments.last)
        #expect(full.skipBoundary == 6 && full.holdBack == nil)
        #expect(full.playbackHoldBack(lowLatency: true) == 0.3)
        #expect(full.playbackHoldBack(lowLatency: false) == 3, "three target durations when HOLD-BACK is absent")
        let plain = try HLSMediaPlaylist.parse("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-SERVER-CONTROL:HOLD-BACK=9.5\n")
        #expect(plain.holdBack == 9.5 && plain.partHoldBack == nil && plain.playbackHoldBack(lowLatency: true) == 9.5)
    }

    @Test func parsesAnFfmpegLivePlaylist() throws {
        let text = """
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:2
        #EXT-X-MEDIA-SEQUENCE:17
        #EXT-X-PROGRAM-DATE-TIME:2026-11-26T12:00:00.000+0000
        #EXTINF:2.000000,
        live17.ts
        #EXTINF:2.000000,
        live18.ts

        """
        let p = try HLSMediaPlaylist.parse(text)
        #expect(p.segments.map(\.msn) == [17, 18] && p.segments.map(\.uri) == ["live17.ts", "live18.ts"])
        // The second segment has no date of its own: the first's plus its duration.
        #expect(p.segments[1].dateNanos! - p.segments[0].dateNanos! == 2_000_000_000)
        #expect(!p.canBlockReload && p.partTarget == nil)
        // Without parts, the newest complete segment's end.
        #expect(p.newestMediaEndNanos(parts: true) == p.segments[1].dateNanos! + 2_000_000_000)
    }

    @Test(arguments: [
        ("", "empty"),
        ("#EXT-X-VERSION:3\n", "does not start with #EXTM3U"),
        ("#EXTM3U\n#EXTINF:2,\nseg.ts\n", "no #EXT-X-TARGETDURATION"),
        ("#EXTM3U\n#EXT-X-TARGETDURATION:2\nseg.ts\n", "a URI without #EXTINF"),
        ("#EXTM3U\n#EXT-X-TARGETDURATION:two\n", "not a number"),
        ("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:-1,\nseg.ts\n", "not a number"),
        ("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PROGRAM-DATE-TIME:yesterday\n", "bad #EXT-X-PROGRAM-DATE-TIME"),
        ("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PART:DURATION=0.5\n", "#EXT-X-PART without URI or DURATION"),
        ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nlow.m3u8\n", "multivariant"),
        ("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:x\n", "bad #EXT-X-MEDIA-SEQUENCE"),
        ("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-SKIP:SKIPPED-SEGMENTS=x\n", "#EXT-X-SKIP without SKIPPED-SEGMENTS"),
        ("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n#EXT-X-SKIP:SKIPPED-SEGMENTS=3\n", "after a segment"),
    ])
    func badPlaylistsAreErrorsWithALine(text: String, message: String) {
        do {
            _ = try HLSMediaPlaylist.parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.message.contains(message), "\(error)")
        }
    }

    /// The byte parser on every truncation of a real LL-HLS playlist and on 2,000 copies with
    /// bytes overwritten (a fixed linear congruential sequence, so every run tries the same
    /// inputs): each one parses or throws a line-numbered error; none crashes or hangs.
    @Test func truncatedAndMutatedPlaylistsParseOrThrow() throws {
        let config = HLSSegmenterConfig(frameNanos: 20_000_000, segmentNanos: 300_000_000, partNanos: 100_000_000, windowSegments: 3)
        var s = HLSSegmenter(config: config)
        for seq in UInt64(1)...52 { s.append(packet: [1, 2], sequence: seq, captureNanos: 1_000_000_000_000 + seq * 20_000_000) }
        let good = Array(HLSPlaylistWriter.render(s).utf8)
        let whole = try HLSMediaPlaylist.parse(bytes: good)
        #expect(whole == (try HLSMediaPlaylist.parse(String(decoding: good, as: UTF8.self))))
        var parsed = 0, refused = 0
        func attempt(_ bytes: [UInt8]) {
            do { _ = try HLSMediaPlaylist.parse(bytes: bytes); parsed += 1 } catch {
                #expect(error.line >= 0 && !error.message.isEmpty)
                refused += 1
            }
        }
        for n in 0...good.count { attempt(Array(good[..<n])) }
        var state: UInt64 = 0x5EED
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        let alphabet = Array("#:,=\".-0123456789AZ \r\n\u{FF}".utf8)
        for _ in 0..<2000 {
            var m = good
            for _ in 0..<(1 + next() % 4) { m[next() % m.count] = alphabet[next() % alphabet.count] }
            attempt(m)
        }
        #expect(parsed > 0 && refused > 0)
    }

    @Test func attributeListsWithQuotedCommas() {
        let a = HLSMediaPlaylist.attributes("URI=\"a,b.m4s\",DURATION=0.5,INDEPENDENT=YES")
        #expect(a == ["URI": "a,b.m4s", "DURATION": "0.5", "INDEPENDENT": "YES"])
    }
}
