import SwarmcastSettings

/// Which listeners decode their audio (`listeners.decode`): exactly `decode.of(total)` of the
/// plan's `total` listener indices, chosen by the seed and spread over the whole index range.
///
/// `g` is decoded when `(a·g + b) mod total < count`, with `a` (coprime to `total`) and `b` drawn
/// from the seed: a permutation of the indices, so the count is exact, the choice depends on `g`
/// alone (every shard and agent agrees without talking), and consecutive chosen indices are far
/// apart, so they land on every shard (`g mod K`), agent and room rather than on one stripe (an
/// evenly spaced choice, every 100th listener, would put all of them on one shard of 2, 4, 5 or 10).
public struct DecodeChoice: Sendable, Equatable {
    public let total: Int
    public let count: Int
    private let a: Int
    private let b: Int

    public init(share: ListenerShare, total: Int, random: PlanRandom) {
        self.total = max(0, total)
        count = share.of(self.total)
        guard self.total > 1 else { a = 1; b = 0; return }
        var a = Int(random.bits(.decode, 0) % UInt64(self.total))
        while a == 0 || greatestCommonDivisor(a, self.total) != 1 { a = (a + 1) % self.total }
        self.a = a
        b = Int(random.bits(.decode, 1) % UInt64(self.total))
    }

    /// Whether listener `g` decodes (indices beyond the plan never do).
    public func isDecoded(_ g: Int) -> Bool {
        guard count > 0, g >= 0, g < total else { return false }
        guard count < total else { return true }
        let ag = UInt64(total).dividingFullWidth(UInt64(a).multipliedFullWidth(by: UInt64(g))).remainder
        return Int((ag + UInt64(b)) % UInt64(total)) < count
    }
}
