/// When listeners arrive: a list of stages turned into two functions of time, the cumulative
/// number of arrivals and the listener target.
///
/// The schedule is a pure function of time, so it is kept even when the server is slow: an agent
/// that falls behind sees how many arrivals it owes and when each was due, and counts those it
/// could not start in time as dropped rather than silently starting them late or never.
public struct ArrivalSchedule: Codable, Equatable, Sendable {
    public var stages: [ArrivalStage]

    public init(stages: [ArrivalStage]) {
        self.stages = stages
    }

    /// Ramp to `listeners` over `ramp`, then hold until `duration`.
    public static func rampAndHold(listeners: Int, ramp: Double, duration: Double) -> ArrivalSchedule {
        var stages = [ArrivalStage.ramp(to: listeners, over: min(ramp, duration))]
        if duration > ramp { stages.append(.hold(duration - ramp, at: listeners)) }
        return ArrivalSchedule(stages: stages)
    }

    /// Total length of all stages, in seconds.
    public var durationSeconds: Double { stages.reduce(0) { $0 + $1.durationSeconds } }

    /// The largest target any stage reaches.
    public var peakTarget: Int {
        var peak = 0
        var t = 0.0
        for stage in stages {
            t += stage.durationSeconds
            peak = max(peak, Int(evaluate(at: t).target.rounded(.down)))
            if stage.kind == .storm { peak = max(peak, Int(evaluate(at: t - stage.durationSeconds).target)) }
        }
        return peak
    }

    /// Cumulative arrivals scheduled by time `t` (seconds since start), fractional.
    public func arrivals(at t: Double) -> Double { evaluate(at: t).arrivals }

    /// Listener target at time `t`.
    public func target(at t: Double) -> Double { evaluate(at: t).target }

    /// The earliest time at which `arrivals(at:)` reaches `count` (for measuring how late an
    /// owed arrival is); nil when the schedule never gets there.
    public func time(ofArrival count: Double) -> Double? {
        var lo = 0.0, hi = durationSeconds
        guard arrivals(at: hi) >= count else { return nil }
        for _ in 0..<40 {
            let mid = (lo + hi) / 2
            if arrivals(at: mid) >= count { hi = mid } else { lo = mid }
        }
        return hi
    }

    private func evaluate(at t: Double) -> (arrivals: Double, target: Double) {
        var arrivals = 0.0, target = 0.0, start = 0.0
        for stage in stages {
            let elapsed = min(max(t - start, 0), stage.durationSeconds)
            let fraction = stage.durationSeconds > 0 ? elapsed / stage.durationSeconds : 1
            guard t >= start else { break }
            switch stage.kind {
            case .ramp:
                let goal = stage.target.map(Double.init) ?? target
                let next = target + (goal - target) * fraction
                if next > target { arrivals += next - target }
                target = next
            case .rate:
                let added = (stage.rate ?? 0) * elapsed
                arrivals += added
                target += added
            case .storm:
                let added = Double(stage.count ?? 0)
                arrivals += added
                target += added
            }
            start += stage.durationSeconds
        }
        return (arrivals, target)
    }

    /// This agent's share of `total` items when items are dealt round-robin over `agents`.
    public static func share(of total: Int, agent: Int, agents: Int) -> Int {
        guard total > agent else { return 0 }
        return (total - agent + agents - 1) / agents
    }
}
