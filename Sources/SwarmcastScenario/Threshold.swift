import SwarmcastSettings
import Foundation
/// A pass/fail condition on one figure of a run, in the k6 spirit: `"delay.p99": "< 250ms"`.
///
/// Grammar: `METRIC: "OP VALUE[UNIT]"` with OP one of `<`, `<=`, `>`, `>=`, `==`. Latency metrics
/// (`delay`, `first_audio`, `connect`, `welcome`, and for HLS listeners `playlist.staleness` and
/// `segment_fetch`, with `.p50 .p90 .p95 .p99 .p99.9 .max .mean`) take `us`, `ms` or `s` (bare
/// numbers are ms); rates (`*.rate`) take `%` or a fraction; counts
/// take plain numbers. Values are normalised to ms, fractions and counts.
public struct Threshold: Codable, Equatable, Sendable {
    public enum Comparison: String, Codable, Sendable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "=="
    }

    public enum Kind: String, Codable, Sendable { case latency, rate, count }

    /// The metric as written (`delay.p99`).
    public var metric: String
    public var comparison: Comparison
    /// The bound in the metric's unit: ms for latencies, a fraction for rates, a count.
    public var bound: Double
    /// The condition as written (`< 250ms`), for reports.
    public var condition: String
    /// Judged on every window of this many seconds (sliding by 1 s) instead of the whole run;
    /// nil: the whole run (see Threshold+Window.swift).
    public var windowSeconds: Int? = nil
    /// Seconds at the start of the run no window may include (warm-up).
    public var ignoreFirstSeconds = 0
    /// Stop the run as soon as a window fails (exit 99), as k6's `abortOnFail`.
    public var abortOnFail = false
    /// No abort before this many seconds of the run (k6's `delayAbortEval`).
    public var delayAbortEvalSeconds = 0

    /// Latency families and their percentile names.
    /// `playlist.staleness` and `segment_fetch` are measured by HLS listeners only: a run without
    /// any has no data for them, and a threshold on them fails (as `rebuffer.ratio` does).
    public static let latencyFamilies = ["delay", "first_audio", "connect", "welcome", "playlist.staleness", "segment_fetch"]
    public static let latencyStatistics = ["p50", "p90", "p95", "p99", "p99.9", "max", "mean"]
    /// Rate metrics: a count divided by connections started (failures) or frames received (frames).
    public static let rateMetrics = ["failures.rate", "rejects.rate", "disconnects.rate", "frames.lost_rate", "frames.late_rate", "rebuffer.ratio"]
        + audioMetrics
    public static let countMetrics = ["failures.count", "rejects.count", "disconnects.count", "dropped_arrivals.count", "frames.lost",
                                      "frames.late", "frames.received", "stalls.count", "reconnects.count", "listeners.peak",
                                      "listeners.final", "agents.lost", "generator.saturated_seconds"]

    /// Every metric a threshold may name.
    public static var knownMetrics: [String] {
        latencyFamilies.flatMap { f in latencyStatistics.map { "\(f).\($0)" } } + rateMetrics + countMetrics
    }

    public static func kind(of metric: String) -> Kind? {
        if rateMetrics.contains(metric) { return .rate }
        if countMetrics.contains(metric) { return .count }
        return latencyParts(metric) != nil ? .latency : nil
    }

    /// A latency metric's family and statistic (`playlist.staleness.p99.9` is
    /// `playlist.staleness`, `p99.9`: both may hold dots), nil for any other metric.
    public static func latencyParts(_ metric: String) -> (family: String, statistic: String)? {
        for family in latencyFamilies where metric.hasPrefix(family + ".") {
            let statistic = String(metric.dropFirst(family.count + 1))
            if latencyStatistics.contains(statistic) { return (family, statistic) }
        }
        return nil
    }

    /// Parses one threshold; the error message says what was expected.
    public init(metric: String, condition: String) throws(ThresholdError) {
        guard let kind = Self.kind(of: metric) else { throw .unknownMetric(metric) }
        var text = condition.trimmingCharacters(in: .whitespaces)
        guard let comparison = Comparison.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count }).first(where: { text.hasPrefix($0.rawValue) }) else {
            throw .badCondition(condition, "start with <, <=, >, >= or ==, e.g. \"< 250ms\"")
        }
        text = String(text.dropFirst(comparison.rawValue.count)).trimmingCharacters(in: .whitespaces)
        let bound: Double?
        switch kind {
        case .latency:
            if let d = DurationText.parse(text) { bound = d.seconds * 1000 } else { bound = Double(text) }
        case .rate:
            if text.hasSuffix("%") { bound = Double(text.dropLast()).map { $0 / 100 } } else { bound = Double(text) }
        case .count:
            bound = Double(text.replacingOccurrences(of: "_", with: ""))
        }
        guard let bound, bound.isFinite, bound >= 0 else {
            let example = kind == .latency ? "250ms or 2s" : kind == .rate ? "0.1% or 0.001" : "a number such as 2000"
            throw .badCondition(condition, "the value after \(comparison.rawValue) must be \(example)")
        }
        self.metric = metric
        self.comparison = comparison
        self.bound = bound
        self.condition = condition.trimmingCharacters(in: .whitespaces)
    }

    /// Whether a measured value satisfies the threshold.
    public func holds(for actual: Double) -> Bool {
        switch comparison {
        case .less: actual < bound
        case .lessOrEqual: actual <= bound
        case .greater: actual > bound
        case .greaterOrEqual: actual >= bound
        case .equal: actual == bound
        }
    }
}

/// Why a threshold could not be parsed.
public enum ThresholdError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownMetric(String)
    case badCondition(String, String)

    public var description: String {
        switch self {
        case .unknownMetric(let m): "unknown metric '\(m)' (known: delay.p99, first_audio.p95, playlist.staleness.p99, segment_fetch.p99, failures.rate, rebuffer.ratio, listeners.peak, ... see docs/reference/thresholds.md)"
        case .badCondition(let c, let hint): "bad condition '\(c)': \(hint)"
        }
    }
}
