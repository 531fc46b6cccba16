/// The agent pipe's record format, version 7 (2 added the clock offset, bound and sample count;
/// 3 the generator's health: CPU per mille, loop lag µs, behind-schedule ms, open files, their
/// limit, EADDRNOTAVAIL connects, run-queue wait per mille, after the clock samples; 4 the HLS
/// sums in the counters; 5 the HLS playlist-staleness and segment-fetch histograms after the
/// welcome histogram; 6 decoded listeners' audio, `SnapshotCodec+Audio.swift`; 7 the delay-by-tier section after the end reason, see `encodeTiers`): compact, length-prefixed and checked, replacing
/// newline-delimited JSON (7.8 ms and ~38,000 allocations per 50,000-sample snapshot).
///
/// Record: `"SWS"` + version byte, body length (u32 LE), FNV-1a 32 of the body (u32 LE), body.
/// Body: agent, second, the counters in declaration order, live, target, four histograms (bucket
/// count, then value delta and count per bucket; version 5: six), resident and baseline bytes (all LEB128, signed
/// ones zigzag), CPU seconds (f64 bits, LE), clock offset (signed), bound and samples, flags (bit 0 final, bit 1 end reason follows), end
/// reason. Adding a field means a new version: the magic and length let a reader skip what it
/// cannot read, and the checksum catches bytes that changed on the way. Version 4, 5 and 6
/// records are still read (what they lack empty): they differ only by the fields added since.
public enum SnapshotCodec {
    public static let version: UInt8 = 7
    /// The oldest version this build reads.
    public static let oldestReadableVersion: UInt8 = 4
    static let magic: (UInt8, UInt8, UInt8) = (0x53, 0x57, 0x53)  // "SWS"
    public static let headerBytes = 12
    /// Larger than any snapshot can be (six full histograms are a few MB): a longer length is corruption.
    public static let maxBodyBytes = 64 << 20

    /// One whole record, header included, ready to write to the pipe.
    public static func encode(_ s: AgentSnapshot) -> [UInt8] { encode(s, version: version) }

    /// A record in `v` (this version, or an older readable one, which leaves out what it lacks:
    /// for tests of reading old records).
    static func encode(_ s: AgentSnapshot, version v: UInt8) -> [UInt8] {
        let buckets = s.delay.bucketCount + s.firstAudio.bucketCount + s.connect.bucketCount + s.welcome.bucketCount
            + s.playlistStaleness.bucketCount + s.segmentFetch.bucketCount + s.audioMatch.bucketCount
            + (s.delayTiers.histograms + s.hlsDelayTiers.histograms).reduce(0) { $0 + $1.bucketCount }
        var sink = ByteSink(capacity: headerBytes + 256 + buckets * 6)
        sink.bytes.append(contentsOf: [magic.0, magic.1, magic.2, v])
        sink.fixed32(0)
        sink.fixed32(0)
        sink.count(s.agent)
        sink.signed(s.second)
        encode(s.counters, into: &sink)
        if v >= 6 { encode(s.counters.audio, into: &sink) }
        sink.count(s.live)
        sink.count(s.target)
        sink.sparse(s.delay)
        sink.sparse(s.firstAudio)
        sink.sparse(s.connect)
        sink.sparse(s.welcome)
        if v >= 5 {
            sink.sparse(s.playlistStaleness)
            sink.sparse(s.segmentFetch)
        }
        if v >= 6 { sink.sparse(s.audioMatch) }
        sink.varint(s.residentBytes)
        sink.varint(s.baselineResidentBytes)
        sink.fixed64(s.cpuSeconds.bitPattern)
        sink.signed(Int(s.clockOffsetNanos))
        sink.varint(s.clockBoundNanos)
        sink.count(s.clockSamples)
        let g = s.generator
        sink.count(max(0, g.cpuPermille))
        sink.varint(g.loopLagMicros)
        sink.varint(g.behindScheduleMillis)
        sink.count(g.openFiles)
        sink.count(g.openFilesLimit)
        sink.count(g.portExhausted)
        sink.count(g.runQueueWaitPermille)
        if v >= 6 { encode(s.audioWorst, into: &sink) }
        sink.bytes.append((s.final ? 1 : 0) | (s.endReason != nil ? 2 : 0))
        if let reason = s.endReason { sink.string(reason) }
        if v >= 7 { encodeTiers([s.delayTiers, s.hlsDelayTiers], into: &sink) }
        let bodyLength = sink.bytes.count - headerBytes
        let sum = sink.bytes.withUnsafeBytes { checksum(UnsafeRawBufferPointer(rebasing: $0[headerBytes...])) }
        sink.bytes.withUnsafeMutableBytes { raw in
            for i in 0..<4 {
                raw[4 + i] = UInt8(truncatingIfNeeded: UInt32(bodyLength) >> UInt32(8 * i))
                raw[8 + i] = UInt8(truncatingIfNeeded: sum >> UInt32(8 * i))
            }
        }
        return sink.bytes
    }

    /// What the header at the start of `bytes` says, or why it is not one. nil: not enough bytes yet.
    static func header(_ bytes: UnsafeRawBufferPointer) throws(SnapshotDecodingError) -> (bodyLength: Int, checksum: UInt32, version: UInt8)? {
        guard bytes.count >= headerBytes else { return nil }
        guard bytes[0] == magic.0, bytes[1] == magic.1, bytes[2] == magic.2 else { throw .corrupt("no record header") }
        guard (oldestReadableVersion...version).contains(bytes[3]) else { throw .unsupportedVersion(bytes[3]) }
        let length = Int(readUInt32(bytes, 4))
        guard length <= maxBodyBytes else { throw .corrupt("record length \(length) beyond \(maxBodyBytes)") }
        return (length, readUInt32(bytes, 8), bytes[3])
    }

    /// Decodes one whole record (header and body), checking everything.
    public static func decode(record bytes: UnsafeRawBufferPointer) throws(SnapshotDecodingError) -> AgentSnapshot {
        guard let (length, sum, v) = try header(bytes), bytes.count == headerBytes + length else { throw .corrupt("record truncated") }
        return try decode(body: UnsafeRawBufferPointer(rebasing: bytes[headerBytes...]), checksum: sum, version: v)
    }

    /// Decodes a body whose header said `checksum` and version `v`.
    static func decode(body: UnsafeRawBufferPointer, checksum expected: UInt32, version v: UInt8) throws(SnapshotDecodingError) -> AgentSnapshot {
        guard checksum(body) == expected else { throw .corrupt("checksum mismatch") }
        var c = ByteCursor(body)
        let agent = try c.count()
        let second = try c.signed()
        var counters = try decodeCounters(&c)
        if v >= 6 { counters.audio = try decodeAudioCounts(&c) }
        let live = try c.count()
        let target = try c.count()
        let delay = try c.sparse()
        let firstAudio = try c.sparse()
        let connect = try c.sparse()
        let welcome = try c.sparse()
        let playlistStaleness = v >= 5 ? try c.sparse() : SparseCounts()
        let segmentFetch = v >= 5 ? try c.sparse() : SparseCounts()
        let audioMatch = v >= 6 ? try c.sparse() : SparseCounts()
        let resident = try c.varint()
        let baseline = try c.varint()
        let cpu = Double(bitPattern: try c.fixed64())
        let clockOffset = try c.signed()
        let clockBound = try c.varint()
        let clockSamples = try c.count()
        let generator = GeneratorSample(cpuPermille: try c.count(), loopLagMicros: try c.varint(), behindScheduleMillis: try c.varint(),
                                        openFiles: try c.count(), openFilesLimit: try c.count(), portExhausted: try c.count(),
                                        runQueueWaitPermille: try c.count())
        let audioWorst = v >= 6 ? try decodeWorst(&c) : nil
        let flags = try c.byte()
        guard flags & ~3 == 0 else { throw .corrupt("unknown flags \(flags)") }
        let reason = flags & 2 != 0 ? try c.string() : nil
        let tiers = v >= 7 ? try decodeTiers(&c) : []
        guard c.remaining == 0 else { throw .corrupt("\(c.remaining) bytes after the last field") }
        var snapshot = AgentSnapshot(agent: agent, second: second, counters: counters, live: live, target: target, delay: delay,
                                     firstAudio: firstAudio, connect: connect, welcome: welcome, residentBytes: resident,
                                     cpuSeconds: cpu, final: flags & 1 != 0, endReason: reason, baselineResidentBytes: baseline)
        snapshot.clockOffsetNanos = Int64(clockOffset)
        snapshot.clockBoundNanos = clockBound
        snapshot.clockSamples = clockSamples
        snapshot.generator = generator
        snapshot.playlistStaleness = playlistStaleness
        snapshot.segmentFetch = segmentFetch
        for t in tiers {
            switch t.layout {
            case .native: snapshot.delayTiers = t
            case .hls: snapshot.hlsDelayTiers = t
            }
        }
        snapshot.audioMatch = audioMatch
        snapshot.audioWorst = audioWorst
        return snapshot
    }

    // MARK: Delay by tier (version 6): the body's last section, after the end reason

    /// The number of non-empty layouts, then per layout: its byte (`DelayTier.Layout`), tier
    /// count, per tier (`DelayTier` index order) its histogram (as the others) and signed sum
    /// in µs; then frames, clamped frames and the hop clock bound (µs).
    private static func encodeTiers(_ samples: [DelayTierSample], into sink: inout ByteSink) {
        let present = samples.filter { !$0.isEmpty }
        sink.count(present.count)
        for t in present {
            sink.bytes.append(t.layout.rawValue)
            sink.count(t.histograms.count)
            for (counts, sum) in zip(t.histograms, t.sumsMicros) {
                sink.sparse(counts)
                sink.signed(Int(sum))
            }
            sink.count(t.frames)
            sink.count(t.clampedFrames)
            sink.varint(t.hopClockBoundMicros)
        }
    }

    private static func decodeTiers(_ c: inout ByteCursor) throws(SnapshotDecodingError) -> [DelayTierSample] {
        let layouts = try c.count()
        guard layouts <= DelayTier.Layout.allCases.count else { throw .corrupt("\(layouts) delay tier layouts") }
        var out: [DelayTierSample] = []
        for _ in 0..<layouts {
            let byte = try c.byte()
            guard let layout = DelayTier.Layout(rawValue: byte), !out.contains(where: { $0.layout == layout }) else {
                throw .corrupt("delay tier layout \(byte)")
            }
            let count = try c.count()
            guard count <= DelayTier.maximumTiers else { throw .corrupt("\(count) delay tiers") }
            var histograms: [SparseCounts] = []
            var sums: [Int64] = []
            for _ in 0..<count {
                histograms.append(try c.sparse())
                sums.append(Int64(try c.signed()))
            }
            out.append(DelayTierSample(layout: layout, histograms: histograms, sumsMicros: sums, frames: try c.count(),
                                       clampedFrames: try c.count(), hopClockBoundMicros: try c.varint()))
        }
        return out
    }

    private static func encode(_ k: SwarmCounters, into sink: inout ByteSink) {
        for n in [k.arrivalsScheduled, k.connectsStarted, k.connected, k.welcomed, k.receivedAudio, k.framesReceived,
                  k.bytesReceived, k.framesLost, k.framesLate, k.stalls, k.reconnects, k.churned, k.reactionsSent,
                  k.speakerFramesSent, k.slowReaders] {
            sink.count(n)
        }
        sink.tally(k.droppedArrivals)
        sink.tally(k.rejects)
        sink.tally(k.disconnects)
        sink.tally(k.attackOutcomes)
        sink.tally(k.hls)
    }

    private static func decodeCounters(_ c: inout ByteCursor) throws(SnapshotDecodingError) -> SwarmCounters {
        var k = SwarmCounters()
        k.arrivalsScheduled = try c.count()
        k.connectsStarted = try c.count()
        k.connected = try c.count()
        k.welcomed = try c.count()
        k.receivedAudio = try c.count()
        k.framesReceived = try c.count()
        k.bytesReceived = try c.count()
        k.framesLost = try c.count()
        k.framesLate = try c.count()
        k.stalls = try c.count()
        k.reconnects = try c.count()
        k.churned = try c.count()
        k.reactionsSent = try c.count()
        k.speakerFramesSent = try c.count()
        k.slowReaders = try c.count()
        k.droppedArrivals = try c.tally()
        k.rejects = try c.tally()
        k.disconnects = try c.tally()
        k.attackOutcomes = try c.tally()
        k.hls = try c.tally()
        return k
    }

    /// FNV-1a, 32 bits: cheap, and enough to tell bytes that changed on a local pipe.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var h: UInt32 = 0x811c_9dc5
        for b in bytes { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        return h
    }

    private static func readUInt32(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }
}
