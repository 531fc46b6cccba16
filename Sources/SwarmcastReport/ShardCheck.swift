/// What `merge` checks before it adds shards: indices 0..K-1 each there once, one count, one
/// plan hash. Anything else would be a quiet K-1 result (or one swarm counted twice), so every
/// problem becomes an incomplete reason naming the index or hash.
public enum ShardCheck {
    /// The problems with these runs as shards of one swarm (`name` is the run's directory);
    /// empty when none of them is a shard (a plain merge) or they are exactly 0..K-1 of one plan.
    public static func problems(_ runs: [(name: String, shard: ShardInfo?)]) -> [String] {
        let shards = runs.compactMap { run in run.shard.map { (name: run.name, shard: $0) } }
        guard !shards.isEmpty else { return [] }
        var problems = runs.filter { $0.shard == nil }.map { "not-a-shard:\($0.name) has no shard in its summary.json" }
        let count = shards[0].shard.count
        for s in shards where s.shard.count != count {
            problems.append("shard-count-mismatch:\(s.name) is shard \(s.shard.index)/\(s.shard.count), expected K=\(count)")
        }
        // The hash most shards agree on is the plan; the others planned another swarm.
        let tally = Dictionary(grouping: shards, by: \.shard.planHash)
        let expected = tally.max { a, b in a.value.count != b.value.count ? a.value.count < b.value.count : a.key > b.key }!.key
        for s in shards where s.shard.planHash != expected {
            problems.append("plan-hash-mismatch:shard \(s.shard.index) (\(s.name)) has \(s.shard.planHash), expected \(expected)")
        }
        let byIndex = Dictionary(grouping: shards, by: \.shard.index)
        for index in byIndex.keys.sorted() where byIndex[index]!.count > 1 {
            problems.append("duplicate-shard:\(index) (\(byIndex[index]!.map(\.name).joined(separator: ", ")))")
        }
        for index in 0..<max(count, 1) where byIndex[index] == nil {
            problems.append("missing-shard:\(index) of \(count)")
        }
        return problems
    }

    /// The merged run's clock: the loosest shard's bound (each shard corrected its own delays),
    /// no single offset (each shard's is in `shards`), and the shards' sources.
    public static func mergedClock(_ clocks: [ClockFigures?]) -> ClockFigures? {
        guard clocks.contains(where: { $0 != nil }) else { return nil }
        let sources = Set(clocks.map { $0?.source ?? "none" }).sorted()
        let bounds = clocks.compactMap { $0?.boundMs }
        return ClockFigures(offsetMs: nil, boundMs: bounds.max(), source: sources.joined(separator: "+"),
                            samples: clocks.reduce(0) { $0 + ($1?.samples ?? 0) })
    }
}
