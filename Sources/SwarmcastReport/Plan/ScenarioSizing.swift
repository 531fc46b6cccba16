import SwarmcastScenario
import SwarmcastSettings

/// Builds and resizes scenarios from the Scenario model: the short run that calibrates this host,
/// and the scenario sized to its measured capacity (a fresh ramp-and-hold, or a template's shape
/// scaled to the new peak).
public enum ScenarioSizing {
    /// Listeners arriving per second at most in generated ramps: connection setup costs CPU too,
    /// and faster ramps on top of the fan-out tipped earlier 250,000 runs over (README).
    public static let rampListenersPerSecond = 1_000.0
    /// SO_REUSEPORT spreads connections by hash, not evenly: plan each process 90% full.
    public static let spreadMargin = 0.9
    /// The loader's bounds on edges and agents.
    public static let maxWorkers = 64, maxAgents = 256

    /// The calibration run: `listeners` ramped in (at most 1,000/s, at most half the run), held
    /// for the rest of `durationSeconds`, packets every `packetInterval` of 20 ms frames.
    public static func calibration(listeners: Int, durationSeconds: Double, packetInterval: Duration) -> Scenario {
        let ramp = max(1, min(durationSeconds / 2, Double(listeners) / rampListenersPerSecond)).rounded(.up)
        var s = Scenario(name: "calibrate", listeners: ListenerSpec(schedule: .rampAndHold(listeners: listeners, ramp: ramp, duration: max(durationSeconds, ramp + 1))))
        s.description = "Calibration run of swarmcast plan --calibrate: \(listeners) listeners, \(DurationText.format(packetInterval)) packets."
        s.audio.framesPerPacket = framesPerPacket(packetInterval, frame: s.audio.frameInterval)
        s.listeners.settings.connectTimeout = .seconds(30)
        fitProcesses(&s, peak: listeners)
        return s
    }

    /// A ramp-and-hold scenario of `listeners` (the shape of Configs/million.yaml): ramp at 1,000/s,
    /// hold `holdSeconds`, with million.yaml's thresholds.
    public static func rampAndHold(name: String, listeners: Int, packetInterval: Duration, holdSeconds: Double) -> Scenario {
        let ramp = max(1, (Double(listeners) / rampListenersPerSecond).rounded(.up))
        // A hold without a target, as the loader reads `- hold: 60s`, so the file says "hold".
        var hold = ArrivalStage.hold(holdSeconds, at: listeners)
        hold.target = nil
        let stages = [ArrivalStage.ramp(to: listeners, over: ramp), hold]
        var s = Scenario(name: name, listeners: ListenerSpec(schedule: ArrivalSchedule(stages: stages)))
        s.description = "\(listeners) listeners with \(DurationText.format(packetInterval)) packets, sized by swarmcast plan --calibrate."
        s.audio.framesPerPacket = framesPerPacket(packetInterval, frame: s.audio.frameInterval)
        s.listeners.settings.connectTimeout = .seconds(30)
        s.thresholds = [try! Threshold(metric: "listeners.final", condition: ">= \(listeners)"),
                        try! Threshold(metric: "failures.rate", condition: "< 0.1%"),
                        try! Threshold(metric: "frames.lost", condition: "== 0")]
        fitProcesses(&s, peak: listeners)
        return s
    }

    /// `template`'s shape at a new peak: every ramp target, storm and arrival rate scaled by
    /// new peak / old peak, durations kept; listener-count thresholds scaled the same way;
    /// edges and agents refitted when Swarmcast starts the server (or the template fixed its
    /// agents). The name becomes `name`.
    public static func resized(_ template: Scenario, name: String, peak: Int) -> Scenario {
        var s = template
        s.name = name
        let factor = Double(peak) / Double(max(1, template.listeners.schedule.peakTarget))
        s.listeners.schedule.stages = template.listeners.schedule.stages.map { stage in
            var x = stage
            x.target = stage.target.map { Int((Double($0) * factor).rounded()) }
            x.count = stage.count.map { max(1, Int((Double($0) * factor).rounded())) }
            x.rate = stage.rate.map { max(0.001, $0 * factor) }
            return x
        }
        s.thresholds = template.thresholds.map { t in
            guard ["listeners.peak", "listeners.final"].contains(t.metric) else { return t }
            return (try? Threshold(metric: t.metric, condition: "\(t.comparison.rawValue) \(Int((t.bound * factor).rounded(.down)))")) ?? t
        }
        if s.server.start || template.listeners.settings.agents != nil { fitProcesses(&s, peak: s.listeners.schedule.peakTarget) }
        return s
    }

    /// Edges and agents for a peak: one process per 90% of its connection limit, within the loader's bounds.
    static func fitProcesses(_ s: inout Scenario, peak: Int) {
        let perEdge = Double(s.server.settings.maxListeners) * spreadMargin
        if s.server.start {
            s.server.workers = Double(peak) > perEdge ? min(maxWorkers, Int((Double(peak) / perEdge).rounded(.up))) : 0
            if s.server.workers > 0 { s.server.settings.backlogFrames = max(s.server.settings.backlogFrames, 4 * s.audio.framesPerPacket) }
        }
        let perAgent = Double(s.listeners.settings.maxPerAgent) * spreadMargin
        s.listeners.settings.agents = min(maxAgents, max(1, Int((Double(peak) / perAgent).rounded(.up))))
    }

    /// Frames per packet for a packet interval (nil-safe: the command checks the interval divides evenly).
    public static func framesPerPacket(_ packet: Duration, frame: Duration) -> Int {
        max(1, Int((packet.seconds / frame.seconds).rounded()))
    }
}
