import Histogram

/// One interval's histogram as ascending (value, count) buckets in a single flat array, so a
/// snapshot of 50,000 samples costs one allocation instead of one per bucket (the old
/// `[[UInt64]]` pairs made tens of thousands).
public struct SparseCounts: Equatable, Sendable {
    /// value0, count0, value1, count1, ... with values ascending.
    public private(set) var storage: [UInt64]

    public init() { storage = [] }

    /// The non-empty buckets of `histogram`.
    public init(_ histogram: LatencyHistogram) {
        storage = []
        // An empty histogram (most of them, most seconds) is not walked bucket by bucket.
        guard histogram.totalCount > 0 else { return }
        storage.reserveCapacity(64)
        for bucket in histogram.recordedValues() {
            storage.append(bucket.value)
            storage.append(bucket.count)
        }
    }

    /// Builds from flat storage as decoded (the caller has checked the length is even).
    init(storage: [UInt64]) { self.storage = storage }

    /// Buckets held.
    public var bucketCount: Int { storage.count / 2 }
    public var isEmpty: Bool { storage.isEmpty }

    /// Samples in all buckets.
    public var totalCount: UInt64 {
        var total: UInt64 = 0
        var i = 1
        while i < storage.count { total &+= storage[i]; i += 2 }
        return total
    }

    /// Calls `body` with each bucket's value and count.
    public func forEach(_ body: (UInt64, UInt64) -> Void) {
        var i = 0
        while i + 1 < storage.count {
            body(storage[i], storage[i + 1])
            i += 2
        }
    }

    /// The buckets as `[value, count]` pairs (the JSON shape, for comparison and reports).
    public var pairs: [[UInt64]] {
        var out: [[UInt64]] = []
        forEach { out.append([$0, $1]) }
        return out
    }
}
