import Foundation

/// Decides whether a run's swarm was saturated, i.e. whether its costs measure the work or an
/// overloaded generator. A saturated swarm starts arrivals late (or not at all) and reads late,
/// which inflates CPU per delivery (the 300,000 run in the README: 12.5 → 17.5 s per million).
///
/// Until summary.json carries a generator-health section, two signs are read from what it has:
/// arrivals dropped because an agent fell behind its schedule, and agents' CPU close to a whole
/// core each (an agent is one event loop, so one core is all it can use). When a future
/// `generator.saturated_seconds` is present it is the only judge.
public enum SwarmSaturation {
    /// The share of one core an agent may use on average before it counts as saturated.
    public static let coresPerAgentLimit = 0.9

    /// Why the swarm counts as saturated, or nil when it does not.
    /// - Parameters:
    ///   - s: the run's summary.
    ///   - generatorSaturatedSeconds: the future `generator.saturated_seconds`, when present.
    public static func reason(_ s: RunSummary, generatorSaturatedSeconds: Double?) -> String? {
        if let seconds = generatorSaturatedSeconds {
            return seconds > 0 ? "generator.saturated_seconds is \(format(seconds))" : nil
        }
        if let behind = s.counters.droppedArrivals["behind-schedule"], behind > 0 {
            return "\(behind) arrivals dropped with reason behind-schedule"
        }
        if let cores = coresPerAgent(s), cores >= coresPerAgentLimit {
            return "agents used \(format(cores)) cores each on average (limit \(format(coresPerAgentLimit)))"
        }
        return nil
    }

    /// Swarm CPU seconds over duration × agents started: the average share of a core per agent.
    public static func coresPerAgent(_ s: RunSummary) -> Double? {
        guard let cpu = s.costs?.swarmCPUSeconds, s.durationSeconds > 0, s.agents.started > 0 else { return nil }
        return cpu / (s.durationSeconds * Double(s.agents.started))
    }

    /// Reads `generator.saturated_seconds` from summary.json's raw JSON, if a newer runner wrote it.
    public static func generatorSaturatedSeconds(summaryJSON data: Data) -> Double? {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let generator = root["generator"] as? [String: Any] else { return nil }
        return (generator["saturated_seconds"] as? NSNumber)?.doubleValue
    }

    private static func format(_ x: Double) -> String { String(format: "%.2f", x) }
}
