/// A figure `compare` judges: how to read it from a summary, which direction is worse, the
/// absolute slack below which a difference is noise whatever the interval says, and how to
/// estimate it from a subset of a run's seconds (nil when the run has no per-second series for it).
public struct ComparedFigure: Sendable {
    public let id: String
    public let label: String
    public let unit: String
    /// True when a larger value is worse (latency, failures), false when better (listeners).
    public let largerIsWorse: Bool
    /// Differences smaller than this (in the figure's unit) are never a regression.
    public let slack: Double
    let fromSummary: @Sendable (RunSummary) -> Double?
    let fromSeconds: (@Sendable (RunSample, [Int]) -> Double?)?

    /// The figures compare shows, in order.
    public static let all: [ComparedFigure] = [
        ComparedFigure(id: "delay_p50", label: "delay p50", unit: "ms", largerIsWorse: true, slack: 1,
                       fromSummary: { $0.delay?.p50 }, fromSeconds: { $0.delayPercentile(50, seconds: $1) }),
        ComparedFigure(id: "delay_p99", label: "delay p99", unit: "ms", largerIsWorse: true, slack: 1,
                       fromSummary: { $0.delay?.p99 }, fromSeconds: { $0.delayPercentile(99, seconds: $1) }),
        ComparedFigure(id: "delay_max", label: "delay max", unit: "ms", largerIsWorse: true, slack: 5,
                       fromSummary: { $0.delay?.max }, fromSeconds: { $0.delayPercentile(100, seconds: $1) }),
        ComparedFigure(id: "first_audio_p95", label: "first audio p95", unit: "ms", largerIsWorse: true, slack: 1,
                       fromSummary: { $0.firstAudio?.p95 }, fromSeconds: nil),
        ComparedFigure(id: "listeners_peak", label: "listeners peak", unit: "", largerIsWorse: false, slack: 0,
                       fromSummary: { Double($0.listeners.peak) }, fromSeconds: nil),
        ComparedFigure(id: "failure_rate", label: "failure rate", unit: "%", largerIsWorse: true, slack: 0.01,
                       fromSummary: { $0.failureRate * 100 },
                       fromSeconds: { sample, seconds in
                           let arrivals = seconds.reduce(0.0) { $0 + (sample.arrivalsPerSecond.indices.contains($1) ? sample.arrivalsPerSecond[$1] : 0) }
                           let failures = seconds.reduce(0.0) { $0 + (sample.failuresPerSecond.indices.contains($1) ? sample.failuresPerSecond[$1] : 0) }
                           return arrivals > 0 ? failures / arrivals * 100 : 0
                       }),
        ComparedFigure(id: "frames_lost", label: "frames lost", unit: "", largerIsWorse: true, slack: 1,
                       fromSummary: { Double($0.counters.framesLost) }, fromSeconds: { sum($0.lostPerSecond, $1) }),
        ComparedFigure(id: "stalls", label: "stalls", unit: "", largerIsWorse: true, slack: 1,
                       fromSummary: { Double($0.counters.stalls) }, fromSeconds: { sum($0.stallsPerSecond, $1) }),
        ComparedFigure(id: "server_cpu_per_million", label: "server CPU / 10^6 deliveries", unit: "s", largerIsWorse: true, slack: 0.05,
                       fromSummary: { $0.costs?.serverCPUSecondsPerMillionDeliveries }, fromSeconds: nil),
        ComparedFigure(id: "swarm_cpu_per_million", label: "swarm CPU / 10^6 deliveries", unit: "s", largerIsWorse: true, slack: 0.05,
                       fromSummary: { $0.costs?.swarmCPUSecondsPerMillionDeliveries }, fromSeconds: nil),
    ]

    /// Every figure of a summary that it has, by id.
    public static func values(of summary: RunSummary) -> [String: Double] {
        var out: [String: Double] = [:]
        for f in all + audio { if let v = f.fromSummary(summary) { out[f.id] = v } }
        return out
    }

    private static func sum(_ series: [Double], _ seconds: [Int]) -> Double {
        seconds.reduce(0) { $0 + (series.indices.contains($1) ? series[$1] : 0) }
    }
}
