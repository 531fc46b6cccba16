extension ArrivalSchedule {
    /// The time (seconds since start) at which cumulative arrivals reach `count`, in closed form
    /// stage by stage; nil when the schedule never gets there.
    ///
    /// The shard plan lists one join time per listener, and a bisection per listener (as
    /// `time(ofArrival:)` does) would cost 40 evaluations each for hundreds of thousands.
    public func joinSeconds(ofArrival count: Int) -> Double? {
        let wanted = Double(count)
        var arrivals = 0.0, target = 0.0, start = 0.0
        for stage in stages {
            let d = stage.durationSeconds
            switch stage.kind {
            case .ramp:
                let goal = stage.target.map(Double.init) ?? target
                if goal > target {
                    let rise = goal - target
                    if wanted <= arrivals + rise { return d > 0 ? start + (wanted - arrivals) / rise * d : start }
                    arrivals += rise
                }
                target = goal
            case .rate:
                let r = stage.rate ?? 0
                if r > 0 && wanted <= arrivals + r * d { return start + (wanted - arrivals) / r }
                arrivals += r * d
                target += r * d
            case .storm:
                let n = Double(stage.count ?? 0)
                if wanted <= arrivals + n { return start }
                arrivals += n
                target += n
            }
            start += d
        }
        return nil
    }

    /// Listeners the whole schedule starts: the global indices 0..<this.
    public var totalArrivals: Int { Int(arrivals(at: durationSeconds).rounded(.down)) }
}
