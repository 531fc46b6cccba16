import SwarmcastMeasure
/// One second of a run, as timeline.csv and the report's charts show it.
public struct TimelineRow: Codable, Equatable, Sendable {
    /// Seconds since the swarm started (end of the interval).
    public var second: Int
    /// Listeners receiving (welcomed and open) at the end of the second.
    public var listeners: Int
    /// Listeners the schedule wanted at that moment.
    public var target: Int
    /// Connections started during the second.
    public var arrivals: Int
    public var framesReceived: Int
    public var delayP50Millis: Double?
    public var delayP90Millis: Double?
    public var delayP99Millis: Double?
    public var delayMaxMillis: Double?
    public var firstAudioP95Millis: Double?
    public var framesLost: Int
    public var framesLate: Int
    public var stalls: Int
    public var rejects: Int
    public var disconnects: Int
    public var droppedArrivals: Int
    /// Agents alive at the end of the second.
    public var agentsAlive: Int
    /// The generator's worst agent that second: CPU (% of one core), loop lag, schedule lag, and
    /// whether the second was saturated (nil in runs made before these existed).
    public var generatorCPUPercent: Double? = nil
    public var generatorLoopLagMillis: Double? = nil
    public var generatorBehindMillis: Double? = nil
    public var generatorSaturated: Bool? = nil
    /// Percent of the second the worst agent waited for a CPU (runnable, not running).
    public var generatorRunQueueWaitPercent: Double? = nil
    /// Decoded listeners' counts of the second (nil without any; not in timeline.csv, like the
    /// per-second first-audio histograms, so a run read back has none).
    public var audio: AudioCounts? = nil

    public init(second: Int, listeners: Int, target: Int, arrivals: Int, framesReceived: Int,
                delay: PercentilesMillis?, firstAudioP95Millis: Double?, framesLost: Int, framesLate: Int, stalls: Int,
                rejects: Int, disconnects: Int, droppedArrivals: Int, agentsAlive: Int) {
        self.second = second
        self.listeners = listeners
        self.target = target
        self.arrivals = arrivals
        self.framesReceived = framesReceived
        delayP50Millis = delay?.p50
        delayP90Millis = delay?.p90
        delayP99Millis = delay?.p99
        delayMaxMillis = delay?.max
        self.firstAudioP95Millis = firstAudioP95Millis
        self.framesLost = framesLost
        self.framesLate = framesLate
        self.stalls = stalls
        self.rejects = rejects
        self.disconnects = disconnects
        self.droppedArrivals = droppedArrivals
        self.agentsAlive = agentsAlive
    }

    /// Parses a line written by `csvLine`.
    public init?(csvLine: String) {
        let f = csvLine.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 17 || f.count == 22, let second = Int(f[0]) else { return nil }
        func i(_ k: Int) -> Int { Int(f[k]) ?? 0 }
        func d(_ k: Int) -> Double? { Double(f[k]) }
        self.second = second
        listeners = i(1); target = i(2); arrivals = i(3); framesReceived = i(4)
        delayP50Millis = d(5); delayP90Millis = d(6); delayP99Millis = d(7); delayMaxMillis = d(8); firstAudioP95Millis = d(9)
        framesLost = i(10); framesLate = i(11); stalls = i(12); rejects = i(13); disconnects = i(14); droppedArrivals = i(15); agentsAlive = i(16)
        if f.count == 22 {
            generatorCPUPercent = d(17); generatorLoopLagMillis = d(18); generatorBehindMillis = d(19)
            generatorSaturated = f[20].isEmpty ? nil : f[20] == "1"
            generatorRunQueueWaitPercent = d(21)
        }
    }

    public static let csvHeader = "second,listeners,target,arrivals,frames_received,delay_p50_ms,delay_p90_ms,delay_p99_ms,delay_max_ms,first_audio_p95_ms,frames_lost,frames_late,stalls,rejects,disconnects,dropped_arrivals,agents_alive,gen_cpu_percent,gen_loop_lag_ms,gen_behind_ms,gen_saturated,gen_cpu_wait_percent"

    public var csvLine: String {
        func f(_ v: Double?) -> String { v.map { String($0) } ?? "" }
        return [String(second), String(listeners), String(target), String(arrivals), String(framesReceived),
                f(delayP50Millis), f(delayP90Millis), f(delayP99Millis), f(delayMaxMillis), f(firstAudioP95Millis),
                String(framesLost), String(framesLate), String(stalls), String(rejects), String(disconnects),
                String(droppedArrivals), String(agentsAlive), f(generatorCPUPercent), f(generatorLoopLagMillis),
                f(generatorBehindMillis), generatorSaturated.map { $0 ? "1" : "0" } ?? "", f(generatorRunQueueWaitPercent)].joined(separator: ",")
    }
}
