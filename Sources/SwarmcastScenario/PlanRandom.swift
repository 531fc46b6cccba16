/// Randomness that is a pure function of (seed, what, index, n): SplitMix64's finaliser over a
/// hash of the four, so listener `g`'s choices do not depend on which process draws them or in
/// what order. A sequential generator per agent (what the swarm had before) gives a listener a
/// different session length when the agents or shards are counted differently.
public struct PlanRandom: Sendable {
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// What a draw is for, so two purposes never share a stream.
    public enum Purpose: UInt64, Sendable {
        case session = 1, reconnect = 2, attacker = 3, decode = 4
    }

    /// 64 random bits for (purpose, index, n).
    public func bits(_ purpose: Purpose, _ index: Int, _ n: Int = 0) -> UInt64 {
        var z = Self.mix(seed ^ Self.mix(purpose.rawValue &* 0x9E37_79B9_7F4A_7C15))
        z = Self.mix(z ^ UInt64(bitPattern: Int64(index)))
        return Self.mix(z ^ (UInt64(bitPattern: Int64(n)) &* 0xD6E8_FEB8_6659_FD93))
    }

    /// A uniform number in (0, 1] for (purpose, index, n).
    public func unit(_ purpose: Purpose, _ index: Int, _ n: Int = 0) -> Double {
        Double((bits(purpose, index, n) >> 11) + 1) / 9_007_199_254_740_992.0
    }

    /// SplitMix64's output function: every input bit affects every output bit.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
