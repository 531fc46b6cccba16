import Foundation
import SwarmcastMeasure

/// The snapshot as the agent pipe carried it before the binary format (newline-delimited JSON,
/// histograms as `[[value, count]]`), kept only to measure the new format against it.
struct LegacyJSONSnapshot: Codable {
    var agent: Int
    var second: Int
    var counters: SwarmCounters
    var live: Int
    var target: Int
    var delay: [[UInt64]]
    var firstAudio: [[UInt64]]
    var connect: [[UInt64]]
    var welcome: [[UInt64]]
    var residentBytes: UInt64
    var baselineResidentBytes: UInt64
    var cpuSeconds: Double
    var final: Bool
    var endReason: String?

    init(_ s: AgentSnapshot) {
        agent = s.agent
        second = s.second
        counters = s.counters
        live = s.live
        target = s.target
        delay = s.delay.pairs
        firstAudio = s.firstAudio.pairs
        connect = s.connect.pairs
        welcome = s.welcome.pairs
        residentBytes = s.residentBytes
        baselineResidentBytes = s.baselineResidentBytes
        cpuSeconds = s.cpuSeconds
        final = s.final
        endReason = s.endReason
    }
}
