/// How a room's frames are cut into LL-HLS parts and segments.
///
/// Boundaries come from the frames' sequence numbers (frame s, counted from 1, belongs to segment
/// (s - 1) / framesPerSegment), not from when frames arrive, so an origin and every edge cut the
/// same frames into the same segments with the same names and bytes.
public struct HLSSegmenterConfig: Sendable, Equatable {
    public let frameNanos: UInt64
    public let framesPerPart: Int
    public let partsPerSegment: Int
    /// Complete segments the playlist lists (the sliding window).
    public let windowSegments: Int
    public let info: OpusStreamInfo

    /// Durations are rounded to whole frames, and the segment to whole parts.
    public init(frameNanos: UInt64, segmentNanos: UInt64, partNanos: UInt64, windowSegments: Int) {
        self.frameNanos = max(1, frameNanos)
        framesPerPart = max(1, Int((partNanos + self.frameNanos / 2) / self.frameNanos))
        let segmentFrames = max(1, Int((segmentNanos + self.frameNanos / 2) / self.frameNanos))
        partsPerSegment = max(1, (segmentFrames + framesPerPart / 2) / framesPerPart)
        self.windowSegments = max(1, windowSegments)
        info = OpusStreamInfo(frameIntervalNanos: self.frameNanos)
    }

    public var framesPerSegment: Int { framesPerPart * partsPerSegment }
    public var partSeconds: Double { Double(framesPerPart) * Double(frameNanos) / 1e9 }
    public var segmentSeconds: Double { Double(framesPerSegment) * Double(frameNanos) / 1e9 }
    /// `EXT-X-TARGETDURATION`: the segment duration rounded up to whole seconds.
    public var targetDurationSeconds: Int { max(1, Int(segmentSeconds.rounded(.up))) }
}

/// One LL-HLS part: a `moof` + `mdat` fragment of `framesPerPart` frames (fewer when frames are missing).
public struct HLSPart: Sendable {
    public let msn: UInt64
    public let index: Int
    /// Capture time of the part's first frame (CLOCK_REALTIME ns).
    public let captureNanos: UInt64
    public let frameCount: Int
    public let bytes: [UInt8]
    /// When its last frame arrived and it was published (the cutting server's clock, ns; 0 when
    /// the caller gave no time): where an HLS player's delay by tier cuts packaging from discovery.
    public var publishedNanos: UInt64 = 0
}

/// One media segment: its parts, and once complete their bytes back to back.
public struct HLSSegment: Sendable {
    public let msn: UInt64
    /// Capture time of the segment's first frame: its `EXT-X-PROGRAM-DATE-TIME`.
    public let captureNanos: UInt64
    public internal(set) var parts: [HLSPart]
    /// The whole segment (empty while it is still open).
    public internal(set) var bytes: [UInt8] = []
    /// When its last part was published (0 while open, or when the caller gave no time).
    public internal(set) var publishedNanos: UInt64 = 0
    public var frameCount: Int { parts.reduce(0) { $0 + $1.frameCount } }
}

/// A room's live LL-HLS window, in memory: parts as they complete, segments as their last part
/// completes, the oldest dropped past the window. Pure: the server feeds frames and serves what
/// this holds; nothing here is per listener.
public struct HLSSegmenter: Sendable {
    public let config: HLSSegmenterConfig
    public let initSegment: [UInt8]
    /// Complete segments in the window, oldest first.
    public private(set) var segments: [HLSSegment] = []
    /// The segment being built: its completed parts (nil between segments).
    public private(set) var open: HLSSegment?
    /// Bumped whenever a part completes: the playlist changed.
    public private(set) var version: UInt64 = 0
    private var partPackets: [[UInt8]] = []
    private var partPosition: (msn: UInt64, index: Int)?
    private var partFirstSequence: UInt64 = 0
    private var partCapture: UInt64 = 0
    /// The time the frame being appended arrived, stamped on what it completes.
    private var appendNanos: UInt64 = 0

    public init(config: HLSSegmenterConfig) {
        self.config = config
        initSegment = FMP4.initSegment(config.info)
    }

    /// Adds the frame with sequence number `sequence` (from 1), arrived at `nowNanos` (the
    /// publication time of what it completes); returns true when a part completed (so parked
    /// playlist requests may be answerable). Frames that go back before the part being built
    /// (a speaker that restarted its count) are ignored.
    @discardableResult
    public mutating func append(packet: [UInt8], sequence: UInt64, captureNanos: UInt64, nowNanos: UInt64 = 0) -> Bool {
        guard sequence >= 1 else { return false }
        appendNanos = nowNanos
        let index = sequence - 1
        let msn = index / UInt64(config.framesPerSegment)
        let part = Int(index % UInt64(config.framesPerSegment)) / config.framesPerPart
        var completed = false
        if let current = partPosition {
            if (msn, part) < (current.msn, current.index) { return false }
            if (msn, part) != (current.msn, current.index) { completed = closePart() }
        }
        if let open, open.msn != msn { closeSegment() }
        if partPackets.isEmpty {
            partPosition = (msn, part)
            partFirstSequence = sequence
            partCapture = captureNanos
        }
        partPackets.append(packet)
        if (index + 1) % UInt64(config.framesPerPart) == 0 {
            completed = closePart() || completed
            if part == config.partsPerSegment - 1 { closeSegment() }
        }
        return completed
    }

    /// Media sequence number of the first segment listed (the open one's when none is complete).
    public var firstMSN: UInt64? { segments.first?.msn ?? open?.msn }
    /// The segment the next part belongs to (the open one, or the one after the last complete).
    public var nextMSN: UInt64? { open?.msn ?? segments.last.map { $0.msn + 1 } }
    /// The next part to be published: (segment, part), for the preload hint and blocking reloads.
    public var nextPart: (msn: UInt64, index: Int)? {
        if let open { return (open.msn, (open.parts.last?.index ?? -1) + 1) }
        return segments.last.map { ($0.msn + 1, 0) }
    }

    /// A complete segment in the window.
    public func segment(_ msn: UInt64) -> HLSSegment? {
        guard let first = segments.first?.msn, msn >= first else { return nil }
        let i = Int(msn - first)
        return i < segments.count ? segments[i] : nil
    }

    /// A published part: of the open segment or of a complete one in the window.
    public func part(_ msn: UInt64, _ index: Int) -> HLSPart? {
        if let open, open.msn == msn { return open.parts.first { $0.index == index } }
        return segment(msn)?.parts.first { $0.index == index }
    }

    /// True once the playlist lists segment `msn` (complete), or with `part` that part of it:
    /// what a blocking reload (`_HLS_msn`, `_HLS_part`) waits for.
    public func hasPublished(msn: UInt64, part: Int?) -> Bool {
        if let last = segments.last?.msn, msn <= last { return true }
        guard let part else { return false }
        if let open, open.msn == msn { return open.parts.contains { $0.index >= part } }
        return false
    }

    @discardableResult
    private mutating func closePart() -> Bool {
        guard let position = partPosition, !partPackets.isEmpty else { return false }
        let fragment = FMP4.fragment(sequenceNumber: UInt32(truncatingIfNeeded: position.msn &* UInt64(config.partsPerSegment) &+ UInt64(position.index) &+ 1),
                                     baseDecodeTime: (partFirstSequence - 1) &* UInt64(config.info.samplesPerPacket),
                                     packets: partPackets, info: config.info)
        let part = HLSPart(msn: position.msn, index: position.index, captureNanos: partCapture, frameCount: partPackets.count, bytes: fragment,
                           publishedNanos: appendNanos)
        if open == nil { open = HLSSegment(msn: position.msn, captureNanos: partCapture, parts: []) }
        open?.parts.append(part)
        partPackets = []
        partPosition = nil
        version &+= 1
        return true
    }

    private mutating func closeSegment() {
        guard var segment = open else { return }
        segment.bytes = segment.parts.flatMap(\.bytes)
        segment.publishedNanos = appendNanos
        segments.append(segment)
        if segments.count > config.windowSegments { segments.removeFirst(segments.count - config.windowSegments) }
        open = nil
        version &+= 1
    }
}
