import Foundation

/// Why a playlist could not be read: a listener counts it (`protocol-error:playlist`) and never crashes.
public struct HLSPlaylistError: Error, Equatable, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
}

/// A media playlist as an HLS listener needs it (RFC 8216bis): its segments with media sequence
/// numbers, durations and dates, LL-HLS parts, server control and the preload hint. Lenient
/// about tags it does not use, strict about the ones it does.
public struct HLSMediaPlaylist: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        public var uri: String
        public var duration: Double
        public var independent: Bool
        /// Capture time of the part's first sample: its segment's date plus the parts before it.
        public var dateNanos: UInt64?
    }

    public struct Segment: Sendable, Equatable {
        public var msn: UInt64
        public var uri: String
        public var duration: Double
        /// `EXT-X-PROGRAM-DATE-TIME`, or the previous segment's date plus its duration.
        public var dateNanos: UInt64?
        public var parts: [Part]
    }

    public var version = 1
    public var targetDuration: Double = 0
    public var mediaSequence: UInt64 = 0
    public var partTarget: Double?
    public var canBlockReload = false
    public var partHoldBack: Double?
    /// `HOLD-BACK`: how far behind the live edge a plain HLS player plays (default 3 target durations).
    public var holdBack: Double?
    /// `CAN-SKIP-UNTIL`: the server answers `_HLS_skip=YES` with delta updates skipping what is older.
    public var skipBoundary: Double?
    /// `EXT-X-SKIP:SKIPPED-SEGMENTS`: segments a delta update left out after `mediaSequence`.
    public var skippedSegments: UInt64 = 0
    public var mapURI: String?
    public var segments: [Segment] = []
    /// Parts of the segment in progress (after the last complete segment), msn `nextMSN`.
    public var openParts: [Part] = []
    public var preloadHintURI: String?
    public var endList = false

    /// The media sequence number of the first segment listed (after those a delta update skipped).
    public var firstListedMSN: UInt64 { mediaSequence + skippedSegments }

    /// The media sequence number the next (or open) segment has.
    public var nextMSN: UInt64 { mediaSequence + skippedSegments + UInt64(segments.count) }

    /// What a player plays behind the live edge: for plain HLS `HOLD-BACK` or three target
    /// durations; for LL-HLS `PART-HOLD-BACK` or three part targets (RFC 8216bis 4.4.3.8).
    public func playbackHoldBack(lowLatency: Bool) -> Double {
        if lowLatency, let partTarget { return partHoldBack ?? 3 * partTarget }
        return holdBack ?? 3 * targetDuration
    }

    /// Largest playlist accepted, so a hostile server cannot make a listener parse forever.
    public static let maximumBytes = 1 << 20

    public static func parse(_ text: String) throws(HLSPlaylistError) -> HLSMediaPlaylist {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses the playlist's bytes as they came off the socket. Works on UTF-8 bytes, not on
    /// `String`s: an LL-HLS listener reads a ~40-line playlist every part (2 a second), and the
    /// String version (splitting, trimming through Foundation, a dictionary per attribute list)
    /// cost three quarters of a swarm agent's CPU at 1,000 listeners.
    public static func parse(bytes: [UInt8]) throws(HLSPlaylistError) -> HLSMediaPlaylist {
        try bytes.withUnsafeBufferPointer { (buffer) throws(HLSPlaylistError) -> HLSMediaPlaylist in
            var reader = PlaylistReader(bytes: buffer)
            return try reader.read()
        }
    }

    /// Parts with dates: the segment's date plus the durations before each.
    static func dated(_ parts: [Part], from date: UInt64?) -> [Part] {
        guard let date else { return parts }
        var offset = 0.0
        return parts.map { part in
            var p = part
            p.dateNanos = date + UInt64(offset * 1e9)
            offset += part.duration
            return p
        }
    }

    /// `KEY=VALUE,KEY="quoted, value"` attribute lists, as strings (for tests and tools; the
    /// parser looks attributes up in place).
    public static func attributes(_ text: Substring) -> [String: String] {
        let bytes = Array(text.utf8)
        var out: [String: String] = [:]
        bytes.withUnsafeBufferPointer { b in
            AttributeScanner.forEach(in: b, 0..<b.count) { key, value in
                out[String(decoding: b[key], as: UTF8.self).trimmingCharacters(in: .whitespaces)] = String(decoding: b[value], as: UTF8.self)
                return true
            }
        }
        return out
    }
}
