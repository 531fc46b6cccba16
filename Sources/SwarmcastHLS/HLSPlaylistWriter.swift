/// Writes a room's LL-HLS media playlist (RFC 8216bis) from its segmenter: the sliding window of
/// complete segments, each with its `EXT-X-PROGRAM-DATE-TIME`, parts for the segments near the
/// live edge and for the open one, and a preload hint for the next part.
///
/// Names are relative to the playlist: `init.mp4`, `seg{msn}.m4s`, `part{msn}.{index}.m4s`.
public enum HLSPlaylistWriter {
    /// Segments (counted back from the live edge) whose parts stay listed: the spec lets parts
    /// go once they are more than three target durations from the end.
    static let segmentsWithParts = 3

    /// `CAN-SKIP-UNTIL`, the Skip Boundary of delta updates: the spec's least, six target durations.
    public static func skipBoundarySeconds(_ c: HLSSegmenterConfig) -> Double { Double(6 * c.targetDurationSeconds) }

    /// Whether the playlist offers delta updates (`CAN-SKIP-UNTIL`): only when its window is
    /// longer than the Skip Boundary, so that a delta update can ever leave a segment out. With
    /// the default window (6 segments = the boundary) a delta would skip nothing and cost each
    /// reload the longer URL and the tag: measured, 1,000 LL-HLS players then moved more
    /// playlist bytes asking for deltas than without.
    public static func offersDeltaUpdates(_ c: HLSSegmenterConfig) -> Bool {
        Double(c.windowSegments) * c.segmentSeconds > skipBoundarySeconds(c)
    }

    /// The playlist; with `skip`, the delta update (`_HLS_skip=YES`): the leading segments that
    /// lie wholly before the Skip Boundary are replaced by one `EXT-X-SKIP` tag, which is what
    /// keeps a long window's reloads small for a large LL-HLS audience.
    public static func render(_ s: HLSSegmenter, skip: Bool = false) -> String {
        let c = s.config
        let partTarget = c.partSeconds
        var out = "#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:\(c.targetDurationSeconds)\n#EXT-X-INDEPENDENT-SEGMENTS\n"
        let canSkip = offersDeltaUpdates(c) ? "CAN-SKIP-UNTIL=\(decimal(skipBoundarySeconds(c)))," : ""
        out += "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,\(canSkip)PART-HOLD-BACK=\(decimal(3 * partTarget))\n"
        out += "#EXT-X-PART-INF:PART-TARGET=\(decimal(partTarget))\n"
        out += "#EXT-X-MEDIA-SEQUENCE:\(s.firstMSN ?? 0)\n"
        out += "#EXT-X-MAP:URI=\"init.mp4\"\n"
        let skipped = skip && offersDeltaUpdates(c) ? skippableSegments(s) : 0
        if skipped > 0 { out += "#EXT-X-SKIP:SKIPPED-SEGMENTS=\(skipped)\n" }
        let partsFrom = s.segments.count - segmentsWithParts
        for (i, segment) in s.segments.enumerated() where i >= skipped {
            out += "#EXT-X-PROGRAM-DATE-TIME:\(ProgramDateTime.format(nanos: segment.captureNanos))\n"
            if i >= partsFrom { out += parts(segment, c) }
            out += "#EXTINF:\(decimal(Double(segment.frameCount) * Double(c.frameNanos) / 1e9)),\n"
            out += "seg\(segment.msn).m4s\n"
        }
        if let open = s.open {
            out += "#EXT-X-PROGRAM-DATE-TIME:\(ProgramDateTime.format(nanos: open.captureNanos))\n"
            out += parts(open, c)
        }
        if let next = s.nextPart {
            out += "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part\(next.msn).\(next.index).m4s\"\n"
        }
        return out
    }

    /// Leading complete segments that end at least the Skip Boundary before the playlist's end
    /// (its last part): the ones a delta update may leave out.
    static func skippableSegments(_ s: HLSSegmenter) -> Int {
        let c = s.config
        var after = Double(s.open?.frameCount ?? 0) * Double(c.frameNanos) / 1e9
        var skippable = 0
        for (i, segment) in s.segments.enumerated().reversed() {
            if after >= skipBoundarySeconds(c) { skippable = i + 1; break }
            after += Double(segment.frameCount) * Double(c.frameNanos) / 1e9
        }
        return skippable
    }

    private static func parts(_ segment: HLSSegment, _ c: HLSSegmenterConfig) -> String {
        segment.parts.map {
            "#EXT-X-PART:DURATION=\(decimal(Double($0.frameCount) * Double(c.frameNanos) / 1e9)),URI=\"part\($0.msn).\($0.index).m4s\",INDEPENDENT=YES\n"
        }.joined()
    }

    /// Seconds with three decimals (`3.000`), as playlists conventionally write them.
    static func decimal(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        let frac = String(millis % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
    }
}
