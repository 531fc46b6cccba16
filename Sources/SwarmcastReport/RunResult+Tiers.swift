import SwarmcastMeasure

/// Delay by tier in a run: the summary's `delay_by_tier` from the run's `DelayTiers`, which
/// merge adds like every other histogram.
extension RunResult {
    /// Rewrites `summary.delayByTier` and `hlsDelayByTier` from the tiers (nil when empty).
    mutating func refreshDelayByTier() {
        summary.delayByTier = DelayByTier(delayTiers, listenerClockBoundMs: summary.clock?.boundMs)
        summary.hlsDelayByTier = DelayByTier(hlsDelayTiers, listenerClockBoundMs: nil)
    }
}
