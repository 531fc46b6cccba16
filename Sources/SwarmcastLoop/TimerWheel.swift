/// Who a `TimerWheel` calls back: the deadline's owner, with the generation it was scheduled
/// under (an owner that re-armed or stopped since ignores a stale generation).
public protocol TimerWheelClient: AnyObject {
    func timerWheelFired(generation: UInt32)
}

/// Thousands of one-shot deadlines on one clock, fired in batches by its owner's periodic tick
/// (a hashed timing wheel: Varghese & Lauck).
///
/// Why not a libevent timer each: an HLS agent re-armed a timer per request (event_add and
/// event_del on libevent's heap of every player's timer) and woke once per player; players whose
/// reloads fall in the same slot now fire together after one wake-up, and their responses come
/// back together to one epoll_wait (issue 21: the generator's CPU per request). A deadline fires
/// at the first `advance(to:)` at or after it: up to one slot late, never early.
public final class TimerWheel {
    private struct Entry {
        /// The absolute slot (deadline / slotNanos, rounded up) the entry fires in.
        let slot: UInt64
        let generation: UInt32
        let client: any TimerWheelClient
    }

    private var buckets: [[Entry]]
    private let slotNanos: UInt64
    private let mask: UInt64
    /// The first absolute slot not yet processed.
    private var nextSlot: UInt64
    private var firing: [Entry] = []
    /// Deadlines scheduled and not yet fired (stale generations included).
    public private(set) var count = 0

    /// - Parameters:
    ///   - slotNanos: the tick of whoever calls `advance` (a deadline fires up to this late).
    ///   - slotCount: buckets (rounded up to a power of two); deadlines further out than
    ///     `slotNanos × slotCount` wait in their bucket for another revolution.
    ///   - nowNanos: the clock's reading now.
    public init(slotNanos: UInt64, slotCount: Int = 4096, nowNanos: UInt64) {
        self.slotNanos = max(1, slotNanos)
        var n = 1
        while n < slotCount { n <<= 1 }
        buckets = Array(repeating: [], count: n)
        mask = UInt64(n - 1)
        nextSlot = nowNanos / self.slotNanos
    }

    /// Calls `client.timerWheelFired(generation:)` at the first `advance(to:)` at or after
    /// `dueNanos` (at the next one when that is already past).
    public func schedule(_ client: any TimerWheelClient, generation: UInt32, atNanos dueNanos: UInt64) {
        let slot = max((dueNanos + slotNanos - 1) / slotNanos, nextSlot)
        buckets[Int(slot & mask)].append(Entry(slot: slot, generation: generation, client: client))
        count += 1
    }

    /// Fires every deadline at or before `nowNanos`, in slot order. Clients may schedule again
    /// from their callback (into a later slot: the firing slots are already emptied).
    public func advance(to nowNanos: UInt64) {
        let last = nowNanos / slotNanos
        guard last >= nextSlot else { return }
        // After a stall longer than a revolution every bucket is visited once, which is enough:
        // each keeps only entries of later revolutions.
        let end = min(last, nextSlot + mask)
        var slot = nextSlot
        firing.removeAll(keepingCapacity: true)
        while slot <= end {
            let index = Int(slot & mask)
            if !buckets[index].isEmpty {
                buckets[index].removeAll { entry in
                    guard entry.slot <= last else { return false }
                    firing.append(entry)
                    return true
                }
            }
            slot += 1
        }
        nextSlot = last + 1
        count -= firing.count
        for entry in firing { entry.client.timerWheelFired(generation: entry.generation) }
        firing.removeAll(keepingCapacity: true)
    }
}
