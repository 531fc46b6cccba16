/// The calibration's answer as a person reads it, and as the sized scenario's comment header.
extension HostCapacity {
    public func text(costs c: MeasuredCosts) -> String {
        let f = PlanFormat.self
        var lines = [
            "swarmcast plan --calibrate: \(limits.hostname), \(f.count(limits.cores)) cores, \(f.bytes(limits.memoryBytes)), "
                + "\(f.seconds(packetIntervalSeconds)) packets; costs from \(c.run)",
            costLine(c),
            "",
            "capacity (listeners, server and swarm both on this host)",
        ]
        for r in resources {
            lines.append("  " + r.resource.padding(toLength: 18, withPad: " ", startingAt: 0) + f.count(Double(r.listeners)).padding(toLength: 16, withPad: " ", startingAt: 0) + r.basis)
        }
        lines += notes.map { "  " + $0 }
        lines.append("binds first     \(binding.resource) at \(f.count(Double(binding.listeners))) listeners")
        lines.append("sized           \(f.count(Double(sizedListeners))) listeners (\(f.percent(headroom)) of \(f.count(Double(binding.listeners))), rounded down to 3 figures)")
        return lines.joined(separator: "\n")
    }

    /// The comment header of a sized scenario: where its size comes from, so a reader can redo it.
    public func header(file: String, costs c: MeasuredCosts, calibrationListeners: Int) -> [String] {
        let f = PlanFormat.self
        var lines = [
            "\(file): sized by `swarmcast plan --calibrate` to \(f.percent(headroom)) of this host's measured capacity.",
            "",
            "Calibration run: \(c.run) (\(f.count(Double(calibrationListeners))) listeners, peak \(f.count(Double(c.peakListeners))), "
                + "\(f.seconds(c.packetIntervalSeconds)) packets, \(String(format: "%.0f", c.durationSeconds)) s; complete, swarm not saturated)",
            "Host: \(limits.hostname), \(f.count(limits.cores)) cores, \(f.bytes(limits.memoryBytes)), \(f.count(Double(limits.openFilesPerProcess))) open files per process",
            "Measured: " + costLine(c),
            "Capacity in listeners, server and swarm together on this host:",
        ]
        lines += resources.map { "  \($0.resource) \(f.count(Double($0.listeners))): \($0.basis)" }
        lines.append("Binds first: \(binding.resource) at \(f.count(Double(binding.listeners))). Headroom \(f.percent(headroom)): \(f.count(Double(sizedListeners))) listeners.")
        lines.append("Resize after changing the code or the host: swarmcast plan --calibrate --write \(file)")
        return lines
    }

    private func costLine(_ c: MeasuredCosts) -> String {
        let f = PlanFormat.self
        let kernel = (c.serverKernelBytesPerConnection ?? 0) + (c.swarmKernelBytesPerConnection ?? 0)
        return "server \(String(format: "%.2f", c.serverCPUSecondsPerMillionDeliveries)) s and swarm \(String(format: "%.2f", c.swarmCPUSecondsPerMillionDeliveries)) s "
            + "CPU per 10^6 deliveries\(c.bytesPerDelivery.map { " of \(f.count($0)) bytes" } ?? ""); "
            + "server \(f.count(c.serverBytesPerListener)) B, swarm \(f.count(c.swarmBytesPerListener)) B, kernel \(f.count(kernel)) B per listener"
    }
}
