/// Version 6 of the record: what decoded listeners heard. The counters gain `AudioCounts` after
/// the HLS tally (eight counts, then the causes tally); the histograms gain the match histogram
/// (per listener-second, in thousandths) after segment-fetch; after the generator's fields, a
/// byte says whether the agent's worst listener-second of the interval follows (listener,
/// second, match, cause or empty, the two envelopes as length-prefixed bytes).
extension SnapshotCodec {
    static func encode(_ a: AudioCounts, into sink: inout ByteSink) {
        for f in AudioCounts.countFields { sink.count(a[keyPath: f]) }
        sink.tally(a.causes)
    }

    static func decodeAudioCounts(_ c: inout ByteCursor) throws(SnapshotDecodingError) -> AudioCounts {
        var a = AudioCounts()
        for f in AudioCounts.countFields { a[keyPath: f] = try c.count() }
        a.causes = try c.tally()
        return a
    }

    static func encode(_ worst: AudioWorstSecond?, into sink: inout ByteSink) {
        guard let w = worst else { return sink.bytes.append(0) }
        sink.bytes.append(1)
        sink.varint(w.listener)
        sink.signed(w.second)
        sink.count(w.matchPermille)
        sink.string(w.cause ?? "")
        for envelope in [w.decoded, w.reference] {
            sink.count(envelope.count)
            sink.bytes.append(contentsOf: envelope)
        }
    }

    static func decodeWorst(_ c: inout ByteCursor) throws(SnapshotDecodingError) -> AudioWorstSecond? {
        let present = try c.byte()
        guard present == 1 else {
            guard present == 0 else { throw .corrupt("unknown audio flag \(present)") }
            return nil
        }
        let listener = try c.varint()
        let second = try c.signed()
        let match = try c.count()
        let cause = try c.string()
        var envelopes: [[UInt8]] = []
        for _ in 0..<2 {
            let n = try c.count()
            guard n <= AudioWorstSecond.maximumBlocks else { throw .corrupt("audio envelope of \(n) blocks") }
            var e: [UInt8] = []
            e.reserveCapacity(n)
            for _ in 0..<n { e.append(try c.byte()) }
            envelopes.append(e)
        }
        return AudioWorstSecond(listener: listener, second: second, matchPermille: match, cause: cause.isEmpty ? nil : cause,
                                decoded: envelopes[0], reference: envelopes[1])
    }
}
