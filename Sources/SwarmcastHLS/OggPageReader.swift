/// Reads Ogg pages from a byte stream split anywhere (an HTTP body read by read), for decoded
/// `listen.opus` listeners: each audio page's granule position and its packets. Resynchronises
/// on the `OggS` capture pattern, so the HTTP head before the first page, or bytes it does not
/// understand, are skipped; the Opus header pages (`OpusHead`, `OpusTags`) are left out.
public struct OggPageReader: Sendable {
    private var pending: [UInt8] = []
    /// Bytes skipped looking for a page.
    public private(set) var skippedBytes = 0
    /// A buffer that grows past this without a whole page is garbage (a page is at most ~64 KB).
    static let maximumPendingBytes = 1 << 17

    public init() {}

    /// Calls `body` with each complete audio page's granule position and packets (valid during
    /// the call; a packet continued from an earlier page is left out).
    public mutating func read(_ bytes: UnsafeRawBufferPointer, _ body: (UInt64, [UnsafeRawBufferPointer]) -> Void) {
        pending.append(contentsOf: bytes)
        var i = 0
        pending.withUnsafeBytes { raw in
            while raw.count - i >= 27 {
                guard raw[i] == 0x4F, raw[i + 1] == 0x67, raw[i + 2] == 0x67, raw[i + 3] == 0x53, raw[i + 4] == 0 else {
                    i += 1
                    skippedBytes += 1
                    continue
                }
                let segments = Int(raw[i + 26])
                guard raw.count - i >= 27 + segments else { break }
                var bodyBytes = 0
                for k in 0..<segments { bodyBytes += Int(raw[i + 27 + k]) }
                let bodyStart = i + 27 + segments
                guard raw.count >= bodyStart + bodyBytes else { break }
                var granule: UInt64 = 0
                for k in 0..<8 { granule |= UInt64(raw[i + 6 + k]) << UInt64(8 * k) }
                let continued = raw[i + 5] & OggPage.continued != 0
                var packets: [UnsafeRawBufferPointer] = []
                var start = bodyStart, length = 0, first = true
                for k in 0..<segments {
                    let lace = Int(raw[i + 27 + k])
                    length += lace
                    guard lace < 255 else { continue }
                    if !(first && continued) { packets.append(UnsafeRawBufferPointer(rebasing: raw[start..<start + length])) }
                    first = false
                    start += length
                    length = 0
                }
                let isHeader = packets.first.map { $0.count >= 8 && $0[0] == 0x4F && $0[1] == 0x70 && $0[2] == 0x75 && $0[3] == 0x73 } ?? false
                if !isHeader && !packets.isEmpty { body(granule, packets) }
                i = bodyStart + bodyBytes
            }
        }
        if i > 0 { pending.removeFirst(i) }
        if pending.count > Self.maximumPendingBytes {
            skippedBytes += pending.count - 3
            pending.removeFirst(pending.count - 3)
        }
    }
}
