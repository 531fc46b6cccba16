import SwarmcastLoop
import Testing

/// The wheel on a clock the test moves: deadlines fire at the first advance at or after them,
/// never early, in order, and a re-armed owner ignores its stale firings.
struct TimerWheelTests {
    final class Owner: TimerWheelClient {
        var fired: [(generation: UInt32, at: UInt64)] = []
        var now: UInt64 = 0
        var onFire: ((UInt32) -> Void)?
        func timerWheelFired(generation: UInt32) {
            fired.append((generation, now))
            onFire?(generation)
        }
    }

    let ms: UInt64 = 1_000_000

    @Test func aDeadlineFiresAtTheFirstAdvanceAtOrAfterItNeverBefore() {
        let wheel = TimerWheel(slotNanos: 5 * ms, slotCount: 16, nowNanos: 1_000 * ms)
        let owner = Owner()
        wheel.schedule(owner, generation: 1, atNanos: 1_012 * ms)
        for t in stride(from: UInt64(1_005), through: 1_010, by: 5) {
            owner.now = t * ms
            wheel.advance(to: t * ms)
        }
        #expect(owner.fired.isEmpty, "12 ms is not due at 10 ms")
        owner.now = 1_015 * ms
        wheel.advance(to: 1_015 * ms)
        #expect(owner.fired.map(\.generation) == [1])
        #expect(wheel.count == 0)
    }

    @Test func deadlinesBeyondOneRevolutionWaitForTheirOwn() {
        // 16 slots of 5 ms: one revolution is 80 ms; a deadline 200 ms out passes its bucket twice.
        let wheel = TimerWheel(slotNanos: 5 * ms, slotCount: 16, nowNanos: 0)
        let owner = Owner()
        wheel.schedule(owner, generation: 7, atNanos: 200 * ms)
        var t: UInt64 = 0
        while t < 195 * ms {
            t += 5 * ms
            owner.now = t
            wheel.advance(to: t)
        }
        #expect(owner.fired.isEmpty)
        owner.now = 200 * ms
        wheel.advance(to: 200 * ms)
        #expect(owner.fired.map(\.generation) == [7])
    }

    @Test func aLongStallFiresEverythingDueOnceInOrder() {
        let wheel = TimerWheel(slotNanos: 5 * ms, slotCount: 16, nowNanos: 0)
        let owner = Owner()
        for (i, due) in [30, 10, 500, 20].enumerated() { wheel.schedule(owner, generation: UInt32(i), atNanos: UInt64(due) * ms) }
        owner.now = 400 * ms
        wheel.advance(to: 400 * ms)
        #expect(owner.fired.map(\.generation) == [1, 3, 0], "10, 20 and 30 ms in order; 500 ms not yet")
        wheel.advance(to: 505 * ms)
        #expect(owner.fired.map(\.generation) == [1, 3, 0, 2])
    }

    @Test func anOwnerMayScheduleAgainFromItsCallbackAndAPastDeadlineFiresAtTheNextAdvance() {
        let wheel = TimerWheel(slotNanos: 5 * ms, slotCount: 16, nowNanos: 0)
        let owner = Owner()
        owner.onFire = { generation in
            if generation == 1 { wheel.schedule(owner, generation: 2, atNanos: owner.now + 10 * ms) }
        }
        wheel.schedule(owner, generation: 1, atNanos: 5 * ms)
        owner.now = 5 * ms
        wheel.advance(to: 5 * ms)
        owner.now = 10 * ms
        wheel.advance(to: 10 * ms)
        #expect(owner.fired.map(\.generation) == [1])
        owner.now = 15 * ms
        wheel.advance(to: 15 * ms)
        #expect(owner.fired.map(\.generation) == [1, 2])
        wheel.schedule(owner, generation: 3, atNanos: 1 * ms)
        owner.now = 20 * ms
        wheel.advance(to: 20 * ms)
        #expect(owner.fired.last?.generation == 3, "a deadline already past fires at the next advance")
    }
}
