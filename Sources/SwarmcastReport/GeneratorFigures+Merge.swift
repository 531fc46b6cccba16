/// Generator health across shards merged into one run: a merged second is saturated when any
/// shard's was (any agent anywhere is enough to make that second's figures the swarm's), and
/// the run's figures are the worst shard's.
extension GeneratorFigures {
    /// The merged run's figures; nil when no shard had any. Saturated seconds are counted on the
    /// merged timeline (seconds aligned on the common start), not added across shards, so two
    /// shards saturated in the same second count it once. The loop-lag p99 is the worst shard's
    /// (the agent-seconds behind each p99 are not kept).
    public static func merged(_ parts: [GeneratorFigures?], timeline: [TimelineRow]) -> GeneratorFigures? {
        let present = parts.compactMap { $0 }
        guard !present.isEmpty else { return nil }
        var f = GeneratorFigures()
        f.cpuMax = present.map(\.cpuMax).max() ?? 0
        f.loopLagP99Ms = present.map(\.loopLagP99Ms).max() ?? 0
        f.loopLagMaxMs = present.map(\.loopLagMaxMs).max() ?? 0
        f.behindScheduleSeconds = present.map(\.behindScheduleSeconds).max() ?? 0
        f.runQueueWaitMaxPercent = present.map(\.runQueueWaitMaxPercent).max() ?? 0
        let counted = timeline.filter { $0.generatorSaturated != nil }
        f.saturatedSeconds = counted.isEmpty ? present.map(\.saturatedSeconds).max() ?? 0 : counted.filter { $0.generatorSaturated == true }.count
        f.stealPercent = present.compactMap(\.stealPercent).max()
        f.loadAverageMax = present.compactMap(\.loadAverageMax).max()
        f.memoryAvailableMinBytes = present.compactMap(\.memoryAvailableMinBytes).min()
        f.openFilesMax = present.map(\.openFilesMax).max() ?? 0
        f.openFilesLimit = present.map(\.openFilesLimit).filter { $0 > 0 }.min() ?? 0
        f.portExhaustedConnects = present.map(\.portExhaustedConnects).reduce(0, +)
        f.warnings = warnings(for: f, cores: 0)
        return f
    }

    /// The worst of two rows' generator columns, into `m`.
    static func mergeColumns(_ m: inout TimelineRow, _ row: TimelineRow) {
        func worst(_ a: Double?, _ b: Double?) -> Double? { [a, b].compactMap { $0 }.max() }
        m.generatorCPUPercent = worst(m.generatorCPUPercent, row.generatorCPUPercent)
        m.generatorLoopLagMillis = worst(m.generatorLoopLagMillis, row.generatorLoopLagMillis)
        m.generatorBehindMillis = worst(m.generatorBehindMillis, row.generatorBehindMillis)
        m.generatorRunQueueWaitPercent = worst(m.generatorRunQueueWaitPercent, row.generatorRunQueueWaitPercent)
        if m.generatorSaturated != nil || row.generatorSaturated != nil {
            m.generatorSaturated = m.generatorSaturated == true || row.generatorSaturated == true
        }
    }
}
