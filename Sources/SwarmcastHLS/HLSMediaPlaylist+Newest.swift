extension HLSMediaPlaylist {
    /// When the newest media a player can use from this playlist ends (capture time, ns since the
    /// epoch), what a playlist's staleness is measured against. A low-latency player (`parts`)
    /// uses parts, so the end of the newest part counts (open parts of the next segment
    /// included); a plain HLS player uses whole segments only, so the end of the newest complete
    /// segment counts even when the playlist also lists parts (a playlist it cannot use sooner is
    /// not fresher to it). nil: no dated media.
    public func newestMediaEndNanos(parts: Bool) -> UInt64? {
        if parts, let part = openParts.last ?? segments.last?.parts.last, let date = part.dateNanos {
            return date + UInt64(part.duration * 1e9)
        }
        guard let segment = segments.last, let date = segment.dateNanos else { return nil }
        return date + UInt64(segment.duration * 1e9)
    }
}
