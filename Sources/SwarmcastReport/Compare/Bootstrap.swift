import Foundation
import SwarmcastMeasure

/// Resampling for confidence intervals: a seeded generator (so a comparison prints the same
/// interval every time it is run on the same data), resampling with replacement, and the
/// moving-block resampling that keeps neighbouring seconds of a run together (seconds of one run
/// are not independent: a busy second is followed by a busy second).
public struct Bootstrap {
    /// Resamples drawn per interval.
    public let resamples: Int
    var generator: SeededRandom

    public init(resamples: Int = 2000, seed: UInt64 = 0x5EED) {
        self.resamples = resamples
        generator = SeededRandom(seed: seed)
    }

    /// `count` indices drawn with replacement from 0..<count.
    mutating func indices(_ count: Int) -> [Int] {
        (0..<count).map { _ in Int.random(in: 0..<count, using: &generator) }
    }

    /// Indices of `count` seconds rebuilt from blocks of `blockLength` consecutive seconds, each
    /// block starting at a random second (moving-block bootstrap).
    mutating func blockIndices(_ count: Int, blockLength: Int) -> [Int] {
        let length = max(1, min(blockLength, count))
        var out: [Int] = []
        out.reserveCapacity(count)
        while out.count < count {
            let start = Int.random(in: 0...(count - length), using: &generator)
            for i in start..<(start + length) where out.count < count { out.append(i) }
        }
        return out
    }

    /// The block length for a series of `count` seconds: about the cube root, the usual choice.
    static func blockLength(for count: Int) -> Int {
        max(2, Int(Foundation.pow(Double(count), 1.0 / 3.0).rounded()))
    }

    /// The `q` quantile (0...1) of `values` by the nearest-rank method.
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        precondition(!values.isEmpty)
        let sorted = values.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// The median (mean of the middle two for an even count).
    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
