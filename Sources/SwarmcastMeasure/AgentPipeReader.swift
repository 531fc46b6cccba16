/// The coordinator's end of one agent pipe: takes bytes as they arrive and hands out whole
/// snapshots. A corrupt record is counted and skipped (the reader searches for the next record
/// header); bytes left over when the pipe closes are counted as a truncated record.
public struct AgentPipeReader: Sendable {
    /// Records that could not be read (bad header, checksum, field or version).
    public private(set) var corruptRecords = 0
    /// Records cut short by the pipe's end (a killed agent).
    public private(set) var truncatedRecords = 0
    /// The last problem seen, for the log.
    public private(set) var lastProblem: SnapshotDecodingError?
    private var pending: [UInt8] = []
    /// Where unread bytes start in `pending`: consumed bytes are dropped in bulk, not per record.
    private var start = 0
    /// Set after a bad header until the next one is found, so one corruption counts once.
    private var resynchronizing = false

    public init() {}

    /// Adds what was read and calls `onSnapshot` for every whole record now available.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ onSnapshot: (AgentSnapshot) -> Void) {
        pending.append(contentsOf: bytes)
        while true {
            let step: Int? = pending.withUnsafeBytes { raw in
                let window = UnsafeRawBufferPointer(rebasing: raw[start...])
                return nextRecord(window, onSnapshot)
            }
            guard let step else { break }
            start += step
        }
        if start > 0 && start * 2 >= pending.count {
            pending.removeFirst(start)
            start = 0
        }
    }

    /// The pipe closed: unread bytes are a record cut short.
    public mutating func finish() {
        if pending.count > start && !resynchronizing {
            truncatedRecords += 1
            lastProblem = .corrupt("record truncated by the end of the pipe")
        }
        pending = []
        start = 0
    }

    /// Reads or skips one record at the start of `window`; returns the bytes consumed, or nil to wait for more.
    private mutating func nextRecord(_ window: UnsafeRawBufferPointer, _ onSnapshot: (AgentSnapshot) -> Void) -> Int? {
        do {
            guard let (length, sum, version) = try SnapshotCodec.header(window) else { return nil }
            guard window.count >= SnapshotCodec.headerBytes + length else { return nil }
            resynchronizing = false
            let body = UnsafeRawBufferPointer(rebasing: window[SnapshotCodec.headerBytes..<SnapshotCodec.headerBytes + length])
            do {
                onSnapshot(try SnapshotCodec.decode(body: body, checksum: sum, version: version))
            } catch {
                count(error)
            }
            return SnapshotCodec.headerBytes + length
        } catch {
            // Not a header here: count once, then look for the next "SWS" from the following byte.
            if !resynchronizing { count(error) }
            resynchronizing = true
            var i = 1
            while i < window.count && window[i] != 0x53 { i += 1 }
            return i
        }
    }

    private mutating func count(_ error: SnapshotDecodingError) {
        corruptRecords += 1
        lastProblem = error
    }
}
