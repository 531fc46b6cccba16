/// The fan-out's fast path: a shared packet written straight to a listener's socket by its
/// descriptor, without touching the listener's session or `Connection`.
///
/// A packet's fan-out is one send() per listener, and a server's own work per listener is what
/// it touches besides: in `serve` that was the session, then its connection, two objects spread
/// over the heap and two cache misses per listener (perf annotate: 80% of the fan-out loop's own
/// samples), which is what kept it under the bare C loop of Benchmarks/Limit. A room keeps its
/// listeners' descriptors in one contiguous array, and the loop keeps here one byte per
/// descriptor that says whether its connection has bytes queued. Only then must a new packet wait
/// behind them, which only the connection can arrange; any other listener costs the fan-out eight
/// bytes of the room's array (its descriptor, and which bytes it reads), one byte here, and the
/// send(), as in the C loop.
public final class DirectWrites {
    /// One byte per descriptor: 1 while its connection has bytes queued for writing.
    private var queued: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init() {
        capacity = 1024
        queued = .allocate(capacity: capacity)
        queued.initialize(repeating: 0, count: capacity)
    }

    deinit { queued.deallocate() }

    /// Whether `fd`'s connection has nothing queued, so a packet may be written to it directly.
    @inline(__always)
    public func isClear(_ fd: Int32) -> Bool {
        Int(fd) >= capacity || queued[Int(fd)] == 0
    }

    /// Records whether `fd`'s connection has bytes queued (`Connection` calls it when its queue
    /// fills or empties, and when it closes, so a reused descriptor starts clear).
    func setQueued(_ fd: Int32, _ isQueued: Bool) {
        guard fd >= 0 else { return }
        if Int(fd) >= capacity {
            guard isQueued else { return }
            grow(toHold: Int(fd))
        }
        queued[Int(fd)] = isQueued ? 1 : 0
    }

    private func grow(toHold fd: Int) {
        var newCapacity = capacity
        while newCapacity <= fd { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.initialize(repeating: 0, count: newCapacity)
        bigger.update(from: queued, count: capacity)
        queued.deallocate()
        queued = bigger
        capacity = newCapacity
    }
}
