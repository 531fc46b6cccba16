import Foundation
import SwarmcastReport
import Testing

/// `plan` with decoded listeners: their decoding adds swarm cores, nothing else.
struct PlanDecodeTests {
    @Test func decodedListenersAddSwarmCores() throws {
        let costs = try PlanTests.costs()
        let plain = CapacityPlan(listeners: 8_000_000, packetIntervalSeconds: 3, host: PlanTests.host, costs: costs)
        let load = DecodeLoad(listeners: 80_000, cpuMicrosPerListenerMinute: 30_000, costSource: "test")
        let decoded = CapacityPlan(listeners: 8_000_000, packetIntervalSeconds: 3, host: PlanTests.host, costs: costs, decode: load)
        // 80,000 listener-minutes per minute at 30 ms each: 40 cores.
        #expect(abs(load.cores - 40) < 1e-9)
        #expect(abs(decoded.swarm.cores - plain.swarm.cores - 40) < 1e-9)
        #expect(decoded.server == plain.server)
        #expect(decoded.swarm.hosts >= plain.swarm.hosts)
        #expect(decoded.text.contains("40.00 decoding for 80,000 listeners") || decoded.text.contains("(40.00 decoding for"), "\(decoded.text)")
        #expect(decoded.assumptions.last?.contains("30,000 µs of swarm CPU per decoded listener-minute") == true, "\(decoded.assumptions.last ?? "")")
        #expect(!plain.text.contains("decoding"))
    }
}
