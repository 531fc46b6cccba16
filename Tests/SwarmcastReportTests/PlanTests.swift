import Foundation
import SwarmcastReport
import SwarmcastScenario
import Testing

/// `swarmcast plan`'s arithmetic and refusals, on a run directory with known costs.
struct PlanTests {
    typealias F = PlanFixture
    static let host = HostShape(cores: 16, memoryBytes: 64 * 1_073_741_824, openFiles: 20_000, headroom: 0.7)

    static func costs(_ fixture: PlanFixture = PlanFixture(), framesPerPacket: Int? = 150, extra: [String: Any] = [:],
                      measured: Double? = nil) throws -> MeasuredCosts {
        let dir = try fixture.write(framesPerPacket: framesPerPacket, extraJSON: extra)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try MeasuredCosts.read(runDirectory: dir, measuredPacketInterval: measured)
    }

    static func refusal(_ fixture: PlanFixture, extra: [String: Any] = [:]) throws -> PlanError? {
        do { _ = try costs(fixture, extra: extra); return nil } catch let e as PlanError { return e }
    }

    @Test func readsCostsAndSplitsLoopbackKernelMemoryEvenly() throws {
        let c = try Self.costs()
        #expect(c.packetIntervalSeconds == 3)
        #expect(c.packetIntervalSource.contains("scenario.yaml"))
        #expect(c.bytesPerDelivery == F.bytesPerPacket)
        #expect(c.framesPerDelivery == 150)
        #expect(c.loopback)
        #expect(c.serverKernelBytesPerConnection == Double(F.kernelTCP) / Double(2 * F.peak))
        #expect(c.swarmKernelBytesPerConnection == Double(F.kernelTCP) / Double(2 * F.peak))
    }

    @Test func remoteServerChargesTheKernelFigureToTheSwarmOnly() throws {
        var fixture = PlanFixture()
        fixture.summary.server = "198.18.0.10:7400"
        let c = try Self.costs(fixture)
        #expect(!c.loopback)
        #expect(c.serverKernelBytesPerConnection == nil)
        #expect(c.swarmKernelBytesPerConnection == Double(F.kernelTCP) / Double(F.peak))
    }

    @Test func figuresFollowFromTheMeasuredCosts() throws {
        let plan = CapacityPlan(listeners: 8_000_000, packetIntervalSeconds: 3, host: Self.host, costs: try Self.costs())
        let deliveries = 8_000_000.0 / 3
        #expect(abs(plan.server.deliveriesPerSecond - deliveries) < 1e-6)
        #expect(abs(plan.server.cores - deliveries * F.serverCPUPerMillion / 1e6) < 1e-9)
        #expect(abs(plan.swarm.cores - deliveries * F.swarmCPUPerMillion / 1e6) < 1e-9)
        #expect(plan.server.userMemoryBytes == 8_000_000 * F.serverBytes)
        #expect(plan.swarm.userMemoryBytes == 8_000_000 * F.swarmBytes)
        #expect(plan.server.kernelMemoryBytes == 8_000_000 * Double(F.kernelTCP) / Double(2 * F.peak))
        let perProcess = 20_000 - HostShape.reservedFiles
        #expect(plan.edges == (8_000_000 + perProcess - 1) / perProcess)
        #expect(plan.swarm.processes == plan.edges)
        let cpuHosts = Int((plan.server.cores / (16 * 0.7)).rounded(.up))
        #expect(plan.server.hostsByResource["cpu"] == cpuHosts)
        #expect(plan.server.hosts == cpuHosts)
        #expect(plan.server.bindingResource == "cpu")
        #expect(plan.shards == Int((plan.swarm.cores / (16 * 0.7)).rounded(.up)))
        #expect(plan.text.contains("binds first"))
        let ratio = try #require(plan.generatorToServerCoreRatio)
        #expect(abs(ratio - plan.swarm.cores / plan.server.cores) < 1e-9)
        #expect(plan.text.contains(String(format: "generator/server          %.2f swarm cores per server core", ratio)))
    }

    @Test func swarmHostsGetEnoughSourceAddressesForTheirPorts() throws {
        var host = Self.host
        host.ephemeralPorts = 28_232
        let plan = CapacityPlan(listeners: 8_000_000, packetIntervalSeconds: 3, host: host, costs: try Self.costs())
        let perHost = (8_000_000 + plan.shards - 1) / plan.shards
        #expect(plan.swarmSourceAddressesPerHost == (perHost + 28_231) / 28_232)
        #expect(plan.text.contains("\(plan.swarmSourceAddressesPerHost!) source addresses"))
        #expect(CapacityPlan(listeners: 10, packetIntervalSeconds: 3, host: Self.host, costs: try Self.costs()).swarmSourceAddressesPerHost == nil)
    }

    @Test func anotherPacketIntervalScalesDeliveriesNotMemory() throws {
        let c = try Self.costs()
        let at3 = CapacityPlan(listeners: 1_000_000, packetIntervalSeconds: 3, host: Self.host, costs: c)
        let at1 = CapacityPlan(listeners: 1_000_000, packetIntervalSeconds: 1, host: Self.host, costs: c)
        #expect(abs(at1.server.cores - 3 * at3.server.cores) < 1e-9)
        #expect(at1.server.userMemoryBytes == at3.server.userMemoryBytes)
        #expect(at1.assumptions.contains { $0.contains("larger packets cost somewhat more per write") })
        #expect(at1.assumptions.contains { $0.contains("15,900 bytes") })
    }

    @Test func memoryBindsOnAHostWithManyCoresAndLittleMemory() throws {
        let small = HostShape(cores: 256, memoryBytes: 4 * 1_073_741_824, openFiles: 20_000, headroom: 0.7)
        let plan = CapacityPlan(listeners: 8_000_000, packetIntervalSeconds: 3, host: small, costs: try Self.costs())
        #expect(plan.server.bindingResource == "memory")
        let memory = plan.server.userMemoryBytes + (plan.server.kernelMemoryBytes ?? 0)
        #expect(plan.server.hosts == Int((memory / (4 * 1_073_741_824 * 0.7)).rounded(.up)))
    }

    @Test func refusesAnIncompleteRun() throws {
        var fixture = PlanFixture()
        fixture.summary.complete = false
        fixture.summary.incompleteReasons = ["interrupted"]
        let error = try #require(try Self.refusal(fixture))
        guard case .incompleteRun(_, let reasons) = error else { Issue.record("got \(error)"); return }
        #expect(reasons == ["interrupted"])
        #expect(error.description.contains("incomplete (interrupted)"))
    }

    @Test func refusesASwarmThatFellBehindSchedule() throws {
        var fixture = PlanFixture()
        fixture.summary.counters.droppedArrivals = ["behind-schedule": 10_285]
        let error = try #require(try Self.refusal(fixture))
        #expect(error.description.contains("saturated (10285 arrivals dropped with reason behind-schedule)"))
    }

    @Test func refusesASwarmWhoseAgentsUsedNearlyACoreEach() throws {
        var fixture = PlanFixture()
        fixture.summary.costs?.swarmCPUSeconds = 0.95 * F.duration * Double(F.agents)
        let error = try #require(try Self.refusal(fixture))
        #expect(error.description.contains("agents used 0.95 cores each"))
    }

    @Test func aGeneratorSaturationFieldIsTheOnlyJudgeWhenPresent() throws {
        #expect(try Self.refusal(PlanFixture(), extra: ["generator": ["saturated_seconds": 4.0]]) != nil)
        var fixture = PlanFixture()
        fixture.summary.counters.droppedArrivals = ["behind-schedule": 3]
        #expect(try Self.refusal(fixture, extra: ["generator": ["saturated_seconds": 0.0]]) == nil)
    }

    @Test func withoutScenarioOrFlagThePacketIntervalIsAskedFor() throws {
        #expect(throws: PlanError.self) { try Self.costs(framesPerPacket: nil) }
        let c = try Self.costs(framesPerPacket: nil, measured: 3)
        #expect(c.packetIntervalSeconds == 3 && c.packetIntervalSource == "--measured-packet-interval")
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let plan = CapacityPlan(listeners: 8_000_000, packetIntervalSeconds: 3, host: Self.host, costs: try Self.costs())
        let json = try JSONSerialization.jsonObject(with: Data(PlanFormat.json(plan).utf8)) as! [String: Any]
        #expect(json["schema"] as? String == "swarmcast.plan/1")
        #expect(json["listeners"] as? Int == 8_000_000)
        #expect(json["packet_interval_seconds"] as? Double == 3)
        for side in ["server", "swarm"] {
            let s = try #require(json[side] as? [String: Any])
            for key in ["deliveries_per_second", "cores", "user_memory_bytes", "kernel_memory_bytes", "processes", "hosts",
                        "hosts_by_resource", "binding_resource", "processes_per_host", "cpu_seconds_per_million_deliveries"] {
                #expect(s[key] != nil, "\(side).\(key)")
            }
        }
        #expect(json["edges"] as? Int == plan.edges && json["shards"] as? Int == plan.shards)
        let measured = try #require(json["measured"] as? [String: Any])
        #expect(measured["packet_interval_seconds"] as? Double == 3 && measured["bytes_per_delivery"] as? Double == F.bytesPerPacket)
        #expect((json["assumptions"] as? [String])?.isEmpty == false)
    }
}

/// summary.json's cost figures survive writing and reading (they did not: snake case turned
/// `server_cpu_seconds` into `serverCpuSeconds` on the way back).
struct CostFiguresRoundTripTests {
    @Test func everyCostFigureIsReadBackAsWritten() throws {
        let summary = PlanFixture().summary
        let text = try RunWriter.summaryJSON(summary)
        #expect(text.contains("\"server_cpu_seconds_per_million_deliveries\""))
        #expect(text.contains("\"kernel_tcp_bytes\""))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try text.write(to: url, atomically: true, encoding: .utf8)
        #expect(try RunWriter.readSummary(url).costs == summary.costs)
    }
}

/// docs/plan-example, the run directory of the README's example output, holds the fixture's costs.
struct PlanExampleTests {
    @Test func theReadmeExampleRunHasTheFixtureCosts() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/plan-example")
        var example = try MeasuredCosts.read(runDirectory: dir)
        var fixture = try PlanTests.costs()
        example.run = ""
        fixture.run = ""
        #expect(example == fixture)
    }
}
