/// summary.json `generator`: whether the swarm itself kept up, so a run can tell "the server
/// was slow" from "the load generator was" (saturated seconds are defined in
/// `GeneratorLimits`, SwarmcastMeasure/GeneratorSample.swift, and in docs/run-directory.md).
public struct GeneratorFigures: Codable, Equatable, Sendable {
    /// The highest CPU of any agent in any second, in percent of one core.
    public var cpuMax: Double = 0
    /// The 99th percentile and the maximum of the agents' per-second loop lag (ms).
    public var loopLagP99Ms: Double = 0
    public var loopLagMaxMs: Double = 0
    /// The most any agent ran behind its arrival schedule (seconds).
    public var behindScheduleSeconds: Double = 0
    /// The most of a second any agent spent runnable but without a CPU (starved), in percent.
    public var runQueueWaitMaxPercent: Double = 0
    /// Seconds in which at least one agent was saturated.
    public var saturatedSeconds = 0
    /// CPU steal time on the coordinator's host over the run (percent of all CPU time).
    public var stealPercent: Double?
    /// The highest 1-minute load average seen on the coordinator's host.
    public var loadAverageMax: Double?
    /// The least memory available on the coordinator's host (bytes, MemAvailable).
    public var memoryAvailableMinBytes: UInt64?
    /// The most descriptors any agent had open, and the agents' (lowest) limit.
    public var openFilesMax = 0
    public var openFilesLimit = 0
    /// Connects that failed with EADDRNOTAVAIL: the swarm ran out of local ports.
    public var portExhaustedConnects = 0
    /// Plain sentences for each limit crossed; empty when the generator kept up.
    public var warnings: [String] = []
    public init() {}

    /// Steal time from this much on is called out: the host shares its CPU with other guests.
    public static let warnStealPercent = 5.0

    /// The warnings `f` deserves.
    public static func warnings(for f: GeneratorFigures, cores: Int) -> [String] {
        var w: [String] = []
        if f.saturatedSeconds > 0 {
            w.append("for \(f.saturatedSeconds) s the swarm was the bottleneck: these figures describe the load generator, not the server")
        }
        if f.cpuMax >= 90 { w.append(String(format: "an agent used %.0f%% of a core (saturated from 95%%)", f.cpuMax)) }
        if f.loopLagMaxMs >= 100 { w.append(String(format: "agent event-loop lag reached %.0f ms (p99 %.0f ms)", f.loopLagMaxMs, f.loopLagP99Ms)) }
        if f.runQueueWaitMaxPercent >= 25 {
            w.append(String(format: "an agent waited %.0f%% of a second for a CPU (starved by other processes)", f.runQueueWaitMaxPercent))
        }
        if f.behindScheduleSeconds >= 0.1 { w.append(String(format: "arrivals ran up to %.2f s behind the schedule", f.behindScheduleSeconds)) }
        if f.portExhaustedConnects > 0 {
            w.append("\(f.portExhaustedConnects) connects failed with EADDRNOTAVAIL: local ports ran out (more source addresses or `swarmcast tune`)")
        }
        if f.openFilesLimit > 0 && Double(f.openFilesMax) >= 0.9 * Double(f.openFilesLimit) {
            w.append("an agent had \(f.openFilesMax) of its \(f.openFilesLimit) files open")
        }
        if let steal = f.stealPercent, steal >= warnStealPercent { w.append(String(format: "CPU steal time %.1f%%: the host's CPU was shared with other guests", steal)) }
        if let load = f.loadAverageMax, cores > 0, load > Double(cores) * 1.5 {
            w.append(String(format: "host load average %.1f on %d cores", load, cores))
        }
        return w
    }
}

/// What the coordinator sampled of its host during the run.
public struct HostFigures: Sendable, Equatable {
    public var cores = 0
    public var loadAverageMax: Double?
    public var stealPercent: Double?
    public var memoryAvailableMinBytes: UInt64?
    public init() {}
}

/// summary.json's `generator` read back field by field, a missing one taking its default, so a
/// section written by an older or newer runner (or by hand, in a test) still reads.
extension GeneratorFigures {
    enum CodingKeys: String, CodingKey {
        case cpuMax, loopLagP99Ms, loopLagMaxMs, behindScheduleSeconds, runQueueWaitMaxPercent, saturatedSeconds
        case stealPercent, loadAverageMax, memoryAvailableMinBytes, openFilesMax, openFilesLimit, portExhaustedConnects, warnings
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cpuMax = try c.decodeIfPresent(Double.self, forKey: .cpuMax) ?? 0
        loopLagP99Ms = try c.decodeIfPresent(Double.self, forKey: .loopLagP99Ms) ?? 0
        loopLagMaxMs = try c.decodeIfPresent(Double.self, forKey: .loopLagMaxMs) ?? 0
        behindScheduleSeconds = try c.decodeIfPresent(Double.self, forKey: .behindScheduleSeconds) ?? 0
        runQueueWaitMaxPercent = try c.decodeIfPresent(Double.self, forKey: .runQueueWaitMaxPercent) ?? 0
        saturatedSeconds = try c.decodeIfPresent(Int.self, forKey: .saturatedSeconds) ?? 0
        stealPercent = try c.decodeIfPresent(Double.self, forKey: .stealPercent)
        loadAverageMax = try c.decodeIfPresent(Double.self, forKey: .loadAverageMax)
        memoryAvailableMinBytes = try c.decodeIfPresent(UInt64.self, forKey: .memoryAvailableMinBytes)
        openFilesMax = try c.decodeIfPresent(Int.self, forKey: .openFilesMax) ?? 0
        openFilesLimit = try c.decodeIfPresent(Int.self, forKey: .openFilesLimit) ?? 0
        portExhaustedConnects = try c.decodeIfPresent(Int.self, forKey: .portExhaustedConnects) ?? 0
        warnings = try c.decodeIfPresent([String].self, forKey: .warnings) ?? []
    }
}
