import SwarmcastMeasure
import Foundation
func busy() -> AgentSnapshot {
    var delay = LatencyHistogram.latency()
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<50_000 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        delay.recordClamped(1000 + (state >> 40) % 200_000)
    }
    var counters = SwarmCounters()
    counters.connectsStarted = 19_000
    counters.disconnects = ["server-closed": 3]
    return AgentSnapshot(agent: 0, second: 10, counters: counters, live: 19_000, target: 19_000, delay: SparseCounts(delay),
                         firstAudio: SparseCounts(), connect: SparseCounts(), welcome: SparseCounts(), residentBytes: 0,
                         cpuSeconds: 0, final: false, endReason: nil)
}
struct Legacy: Codable {
    var agent: Int; var second: Int; var counters: SwarmCounters; var live: Int; var target: Int
    var delay: [[UInt64]]; var firstAudio: [[UInt64]]; var connect: [[UInt64]]; var welcome: [[UInt64]]
    var residentBytes: UInt64; var cpuSeconds: Double; var final: Bool; var endReason: String?
    init(_ s: AgentSnapshot) {
        (agent, second, counters, live, target) = (s.agent, s.second, s.counters, s.live, s.target)
        (delay, firstAudio, connect, welcome) = (s.delay.pairs, s.firstAudio.pairs, s.connect.pairs, s.welcome.pairs)
        (residentBytes, cpuSeconds, final, endReason) = (s.residentBytes, s.cpuSeconds, s.final, s.endReason)
    }
}
let s = busy()
let legacy = Legacy(s)
let clock = ContinuousClock()
let n = 50
var sink = 0
let enc = JSONEncoder(), dec = JSONDecoder()
let jsonSize = try! enc.encode(legacy).count
let tJSON = clock.measure { for _ in 0..<n { let d = try! enc.encode(legacy); sink &+= try! dec.decode(Legacy.self, from: d).delay.count } }
let tJSONenc = clock.measure { for _ in 0..<n { sink &+= try! enc.encode(legacy).count } }
let binSize = SnapshotCodec.encode(s).count
let tBin = clock.measure { for _ in 0..<n { let r = SnapshotCodec.encode(s); sink &+= try! r.withUnsafeBytes { try SnapshotCodec.decode(record: $0) }.delay.bucketCount } }
let tBinEnc = clock.measure { for _ in 0..<n { sink &+= SnapshotCodec.encode(s).count } }
let tSparse = clock.measure { var h = LatencyHistogram.latency(); for _ in 0..<n { h.add(s.delay) }; sink &+= Int(h.totalCount) }
print("buckets \(s.delay.bucketCount), samples \(s.delay.totalCount)")
print("JSON:   \(jsonSize) B, encode \(tJSONenc / n), encode+decode \(tJSON / n)")
print("binary: \(binSize) B, encode \(tBinEnc / n), encode+decode \(tBin / n)")
print("merge into run histogram: \(tSparse / n)  (sink \(sink))")
