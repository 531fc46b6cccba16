import SwarmcastLoop
import SwarmcastMeasure

/// The agent's clock: the host's, read with the test skew, corrected by the offset to the
/// server's clock that PING/PONG on one receiving listener estimate (`ClockEstimate`).
extension SwarmAgent {
    /// This host's clock as the agent reads it: CLOCK_REALTIME plus the test skew, if any.
    func localClockNanos() -> UInt64 { WallClock.realtimeNanos() &+ clockSkewNanos }

    /// The clock delays are measured and speaker frames stamped with: the local clock corrected
    /// by the estimated offset to the server's, so agents on hosts whose clocks differ agree.
    func measuringClockNanos() -> UInt64 {
        let offset = clock.offsetNanos
        let local = localClockNanos()
        return offset >= 0 ? local &+ UInt64(offset) : local &- UInt64(-offset)
    }

    /// A PONG came back for a PING sent at `sent` (local clock).
    func clockPong(sent: UInt64, server: UInt64) {
        clock.add(sent: sent, server: server, received: localClockNanos())
    }

    /// One PING every 200 ms until 8 exchanges, then one a second, on the prober's connection:
    /// the estimate keeps the minimum-RTT sample of the recent ones, so it follows drift.
    func probeClock(now: UInt64) {
        guard let prober, prober.state == .receiving, now >= nextPingNanos else { return }
        prober.sendPing(localClockNanos())
        nextPingNanos = now + (clock.samples < 8 ? 200_000_000 : 1_000_000_000)
    }
}
