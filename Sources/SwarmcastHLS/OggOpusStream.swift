/// A room's live Ogg/Opus stream (RFC 7845), paged once and shared by every `listen.opus` listener.
///
/// Listeners join mid-stream, but an Ogg stream must start with its two header pages. So the
/// shared audio pages are numbered from 2, and each joiner gets its own copy of the headers
/// numbered just before the next shared page (`headerPages`): every listener sees one unbroken
/// page sequence, and the audio pages, CRC included, stay byte-identical for all of them.
/// Granule positions come from the frames' sequence numbers (frame s ends at s × samples per
/// packet), so an origin and its edges page the same frames identically.
public struct OggOpusStream: Sendable {
    public let serial: UInt32
    public let info: OpusStreamInfo
    /// Sequence number the next shared audio page gets.
    public private(set) var nextSequence: UInt32 = 2
    private var pending: [[UInt8]] = []
    private var pendingSegments = 0
    private var pendingEndGranule: UInt64 = 0
    private var pages: [UInt8] = []

    public init(serial: UInt32, info: OpusStreamInfo) {
        self.serial = serial
        self.info = info
    }

    /// Adds one Opus packet, the audio frame with sequence number `sequence` (counted from 1).
    public mutating func append(packet: [UInt8], sequence: UInt64) {
        let segments = OggPage.segments(forPacketOf: packet.count)
        if pendingSegments + segments > OggPage.maximumSegments { closePage() }
        pending.append(packet)
        pendingSegments += segments
        pendingEndGranule = sequence &* UInt64(info.samplesPerPacket)
    }

    /// Every page completed since the last call, pending packets included (nil when none).
    public mutating func takePages() -> [UInt8]? {
        closePage()
        guard !pages.isEmpty else { return nil }
        defer { pages = [] }
        return pages
    }

    /// The two header pages (OpusHead with the beginning-of-stream flag, then OpusTags) for a
    /// listener that joins now, numbered so that the next shared page continues them.
    public func headerPages(title: String) -> [UInt8] {
        OggPage.build(serial: serial, sequence: nextSequence &- 2, granule: 0, flags: OggPage.beginningOfStream, packets: [info.opusHead[...]])
            + OggPage.build(serial: serial, sequence: nextSequence &- 1, granule: 0, packets: [info.opusTags(title: title)[...]])
    }

    private mutating func closePage() {
        guard !pending.isEmpty else { return }
        pages += OggPage.build(serial: serial, sequence: nextSequence, granule: pendingEndGranule, packets: pending.map { $0[...] })
        nextSequence &+= 1
        pending = []
        pendingSegments = 0
    }
}
