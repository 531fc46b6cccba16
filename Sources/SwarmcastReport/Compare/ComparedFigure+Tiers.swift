/// Delay by tier in a `run --runs N` aggregate: each tier's mean and p99, so a dashboard shows
/// which tier moved between runs as well as that the end-to-end delay did.
extension ComparedFigure {
    /// The tiers of the first run's `delay_by_tier` (in path order: ingest, origin, edge1 …,
    /// last_mile; or an HLS player's), two figures each; none when it has no hop stamps. Means
    /// come from exact sums; p99s from each tier's histogram, and do not add up.
    static func tiers(of summaries: [RunSummary]) -> [ComparedFigure] {
        guard let byTier = summaries.first?.delayByTier else { return [] }
        return byTier.tiers.map(\.name).flatMap { name -> [ComparedFigure] in
            [
                ComparedFigure(id: "delay_tier_\(name)_mean", label: "delay \(name) mean", unit: "ms", largerIsWorse: true, slack: 1,
                               fromSummary: { tier(name, of: $0)?.meanMs }, fromSeconds: nil),
                ComparedFigure(id: "delay_tier_\(name)_p99", label: "delay \(name) p99", unit: "ms", largerIsWorse: true, slack: 1,
                               fromSummary: { tier(name, of: $0)?.p99Ms }, fromSeconds: nil),
            ]
        }
    }

    private static func tier(_ name: String, of summary: RunSummary) -> DelayByTier.Tier? {
        summary.delayByTier?.tiers.first { $0.name == name }
    }
}
