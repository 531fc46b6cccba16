/// The plan as a person reads it: one line per figure, server and swarm side by side.
extension CapacityPlan {
    /// Swarm cores per server core: what checking a claim costs beside serving it (a load
    /// generator dearer than its target is the first thing a user of wrk or Tsung notices).
    public var generatorToServerCoreRatio: Double? { server.cores > 0 ? swarm.cores / server.cores : nil }

    public var text: String {
        let c = measured
        let f = PlanFormat.self
        func row(_ name: String, _ server: String, _ swarm: String) -> String {
            name.padding(toLength: 26, withPad: " ", startingAt: 0) + server.padding(toLength: 30, withPad: " ", startingAt: 0) + swarm
        }
        func hosts(_ s: SidePlan) -> String {
            "\(s.hosts) (cpu \(s.hostsByResource["cpu"] ?? 0), memory \(s.hostsByResource["memory"] ?? 0))"
        }
        let size = c.bytesPerDelivery.map { " of \(f.count($0)) bytes" } ?? ""
        var lines = [
            "swarmcast plan: \(f.count(Double(listeners))) listeners, one packet every \(f.seconds(packetIntervalSeconds)), "
                + "hosts of \(f.count(host.cores)) cores and \(f.bytes(host.memoryBytes)) planned \(f.percent(host.headroom)) full",
            "costs from \(c.run) (\(c.scenario), complete, peak \(f.count(Double(c.peakListeners))) listeners, "
                + "\(f.seconds(c.packetIntervalSeconds)) packets\(size), swarm not saturated)",
            "",
            row("", "server", "swarm"),
            row("deliveries/s", f.count(server.deliveriesPerSecond), f.count(swarm.deliveriesPerSecond)),
            row("CPU per 10^6 deliveries", String(format: "%.2f s", server.cpuSecondsPerMillionDeliveries), String(format: "%.2f s", swarm.cpuSecondsPerMillionDeliveries)),
            row("cores", String(format: "%.1f", server.cores), String(format: "%.1f", swarm.cores)
                + (decode.map { $0.listeners > 0 ? String(format: " (%.2f decoding for %@ listeners)", $0.cores, f.count(Double($0.listeners))) : "" } ?? "")),
            "generator/server          " + (generatorToServerCoreRatio.map {
                String(format: "%.2f swarm cores per server core: checking the claim takes %.1f× the server's cores in all", $0, 1 + $0)
            } ?? "no server cores to compare with"),
            row("user memory", f.bytes(server.userMemoryBytes), f.bytes(swarm.userMemoryBytes)),
            row("kernel memory", server.kernelMemoryBytes.map { f.bytes($0) } ?? "not measured", swarm.kernelMemoryBytes.map { f.bytes($0) } ?? "not measured"),
            row("processes", "\(edges) edges + 1 origin", "\(swarm.processes) agents"),
            row("hosts", hosts(server), hosts(swarm)),
            row("per host", "\(server.processesPerHost) edges", "\(swarm.processesPerHost) agents"),
            row("binds first", server.bindingResource, swarm.bindingResource),
            row("edges and shards", "\(edges) edges", "\(shards) shards (--shard I/\(shards))"),
            "edge tree                 \(edgeTree)",
            "ports                     " + (swarmSourceAddressesPerHost.map { n in
                "each swarm host opens \(f.count(Double((listeners + shards - 1) / shards))) connections: to one server address:port that takes "
                    + "\(n) source addresses of \(f.count(Double(host.ephemeralPorts ?? 0))) ephemeral ports each (this host's range; or as many server addresses)"
            } ?? "ephemeral port range not known: each swarm host needs connections / ports-per-address source addresses"),
            "",
            "assumptions",
        ]
        lines += assumptions.map { "- " + $0 }
        return lines.joined(separator: "\n")
    }
}
