import SwarmcastMeasure
import SwarmcastReport

/// The swarm's generator health per second, merged over agents from their snapshots: the worst
/// agent's CPU, lag and schedule lag, and whether the second was saturated (the definition is
/// `GeneratorLimits`'s).
///
/// The drops and port failures that make a second saturated are increases, so the tracker keeps
/// each agent's previous cumulative figures.
struct GeneratorTracker: Sendable {
    /// One second over all agents.
    struct Second: Sendable, Equatable {
        var worst = GeneratorSample()
        var saturated = false
    }

    private(set) var seconds: [Int: Second] = [:]
    /// Every agent-second's loop lag (µs), for the run's p99.
    private(set) var lagsMicros: [UInt64] = []
    private var previous: [Int: (droppedBehind: Int, portExhausted: Int)] = [:]
    private(set) var portExhausted: [Int: Int] = [:]

    mutating func add(_ s: AgentSnapshot) {
        let dropped = s.counters.droppedArrivals["behind-schedule"] ?? 0
        let before = previous[s.agent] ?? (0, 0)
        previous[s.agent] = (dropped, s.generator.portExhausted)
        portExhausted[s.agent] = s.generator.portExhausted
        // The final snapshot covers a partial second after the agent stopped: its CPU is the
        // shutdown's and its timer was cancelled, so only its drops count.
        let g = s.final ? GeneratorSample() : s.generator
        if !s.final { lagsMicros.append(g.loopLagMicros) }
        var second = seconds[s.second] ?? Second()
        second.worst.cpuPermille = max(second.worst.cpuPermille, g.cpuPermille)
        second.worst.loopLagMicros = max(second.worst.loopLagMicros, g.loopLagMicros)
        second.worst.behindScheduleMillis = max(second.worst.behindScheduleMillis, g.behindScheduleMillis)
        second.worst.runQueueWaitPermille = max(second.worst.runQueueWaitPermille, g.runQueueWaitPermille)
        second.worst.openFiles = max(second.worst.openFiles, g.openFiles)
        second.worst.openFilesLimit = max(second.worst.openFilesLimit, s.generator.openFilesLimit)
        if GeneratorLimits.isSaturated(g, droppedBehind: dropped - before.droppedBehind,
                                       newPortExhausted: s.generator.portExhausted - before.portExhausted) {
            second.saturated = true
        }
        seconds[s.second] = second
    }

    /// Adds the generator columns to timeline rows.
    func annotate(_ rows: inout [TimelineRow]) {
        for i in rows.indices {
            guard let s = seconds[rows[i].second] else { continue }
            rows[i].generatorCPUPercent = Double(s.worst.cpuPermille) / 10
            rows[i].generatorLoopLagMillis = Double(s.worst.loopLagMicros) / 1000
            rows[i].generatorBehindMillis = Double(s.worst.behindScheduleMillis)
            rows[i].generatorSaturated = s.saturated
            rows[i].generatorRunQueueWaitPercent = Double(s.worst.runQueueWaitPermille) / 10
        }
    }

    /// The run's generator figures and warnings; `host` is what the coordinator sampled.
    func figures(host: HostFigures) -> GeneratorFigures {
        var f = GeneratorFigures()
        let all = seconds.values
        f.cpuMax = Double(all.map(\.worst.cpuPermille).max() ?? 0) / 10
        let lags = lagsMicros.sorted()
        if !lags.isEmpty {
            let rank = min(lags.count - 1, Int((Double(lags.count) * 0.99).rounded(.up)) - 1)
            f.loopLagP99Ms = Double(lags[max(0, rank)]) / 1000
            f.loopLagMaxMs = Double(lags.last!) / 1000
        }
        f.behindScheduleSeconds = Double(all.map(\.worst.behindScheduleMillis).max() ?? 0) / 1000
        f.saturatedSeconds = all.filter(\.saturated).count
        f.runQueueWaitMaxPercent = Double(all.map(\.worst.runQueueWaitPermille).max() ?? 0) / 10
        f.openFilesMax = all.map(\.worst.openFiles).max() ?? 0
        f.openFilesLimit = all.map(\.worst.openFilesLimit).filter { $0 > 0 }.min() ?? 0
        f.portExhaustedConnects = portExhausted.values.reduce(0, +)
        f.stealPercent = host.stealPercent
        f.loadAverageMax = host.loadAverageMax
        f.memoryAvailableMinBytes = host.memoryAvailableMinBytes
        f.warnings = GeneratorFigures.warnings(for: f, cores: host.cores)
        return f
    }
}
