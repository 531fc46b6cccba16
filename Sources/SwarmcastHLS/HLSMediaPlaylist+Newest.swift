extension HLSMediaPlaylist {
    /// When the newest media this playlist lists ends (capture time, ns since the epoch), what a
    /// playlist's staleness is measured against: with LL-HLS parts, the end of the newest part
    /// (open parts of the next segment included), since that is what a low-latency player can
    /// fetch; otherwise the end of the newest complete segment. nil: no dated media.
    public var newestMediaEndNanos: UInt64? {
        if let part = openParts.last ?? segments.last?.parts.last, let date = part.dateNanos {
            return date + UInt64(part.duration * 1e9)
        }
        guard let segment = segments.last, let date = segment.dateNanos else { return nil }
        return date + UInt64(segment.duration * 1e9)
    }
}
