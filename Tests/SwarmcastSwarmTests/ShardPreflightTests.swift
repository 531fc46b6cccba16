import SwarmcastReport
import SwarmcastScenario
import SwarmcastSwarm
import Testing

struct ShardPreflightTests {
    static func options(listeners: Int, server: String = "127.0.0.1:7400", shard: ShardIdentity = .whole) -> SwarmOptions {
        var o = SwarmOptions(servers: [server], schedule: .rampAndHold(listeners: listeners, ramp: 10, duration: 20))
        o.shard = shard
        return o
    }

    @Test func aShareTheHostCanHoldPasses() {
        let o = Self.options(listeners: 100_000, shard: try! ShardIdentity(index: 1, count: 4, source: "t"))
        #expect(o.shardPeakTarget == 25_000)
        #expect(ShardPreflight.problems(o, agents: o.agentCount, openFilesHardLimit: 20_000, portRange: 28_232).isEmpty)
    }

    @Test func tooFewDescriptorsOrPortsAreNamedWithTheFix() {
        let files = ShardPreflight.problems(Self.options(listeners: 30_000), agents: 1, openFilesHardLimit: 20_000, portRange: 28_232)
        #expect(files.count == 1 && files[0].hasPrefix("open files:") && files[0].contains("20000") && files[0].contains("--agents"))
        // A remote server from one source address: the ephemeral range is the ceiling.
        let ports = ShardPreflight.problems(Self.options(listeners: 40_000, server: "198.18.0.5:7400"), agents: 3, openFilesHardLimit: 20_000, portRange: 28_232)
        #expect(ports.count == 1 && ports[0].hasPrefix("ports:") && ports[0].contains("28232") && ports[0].contains("ip_local_port_range"))
    }

    @Test func chronyTrackingLineIsParsed() throws {
        let line = "A9FEA9FE,169.254.169.254,3,1764158400.123,-0.000012345,0.000001,0.000020,-1.2,0.001,0.05,0.000456000,0.000789000,64.5,Normal"
        let c = try #require(ChronyTracking.parse(line))
        #expect(abs(c.offsetMs + 0.012345) < 1e-9 && abs(c.rootDelayMs - 0.456) < 1e-9 && abs(c.rootDispersionMs - 0.789) < 1e-9)
        #expect(ChronyTracking.parse("506 Cannot talk to daemon") == nil)
    }
}
