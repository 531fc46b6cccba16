import Foundation
import SwarmcastScenario

/// The aggregate of N runs of one scenario (`swarmcast run --runs N`): each figure's median,
/// min, max and spread over the runs, and every threshold judged on each run and on the median.
/// The figures are `compare`'s, the decoded listeners' audio figures when every run decoded, and
/// each delay tier's mean and p99 when every run carried hop stamps (`ComparedFigure.tiers`).
public struct RunAggregate: Codable, Equatable, Sendable {
    public static let currentSchema = "swarmcast.aggregate/1"

    public struct Figure: Codable, Equatable, Sendable {
        /// What the figure is, in words, and its unit ("" for a count), so a dashboard reading
        /// summary.json needs no table of ids.
        public var label: String
        public var unit: String
        /// The label with its unit in brackets, as the terminal and report.html show it.
        public var title: String { unit.isEmpty ? label : "\(label) (\(unit))" }
        public var median: Double
        public var min: Double
        public var max: Double
        /// max − min.
        public var spread: Double
        /// Each run's value, in run order.
        public var values: [Double]
    }

    public struct ThresholdVerdict: Codable, Equatable, Sendable {
        public var metric: String
        public var condition: String
        /// Each run's measured value and whether it held there.
        public var perRun: [ThresholdResult]
        /// The median of the runs' values, judged by the same condition.
        public var aggregate: ThresholdResult
        public var runsPassed: Int { perRun.filter(\.passed).count }
    }

    public var schema = RunAggregate.currentSchema
    public var scenario: String
    public var runs: Int
    /// True when every run completed.
    public var complete: Bool
    public var runDirectories: [String]
    public var figures: [String: Figure]
    /// The ids of `figures` in the order reports list them (JSON objects have none).
    public var figureOrder: [String]
    public var thresholds: [ThresholdVerdict]

    public init(scenario: String, summaries: [RunSummary], directories: [String], thresholds: [Threshold]) {
        self.scenario = scenario
        runs = summaries.count
        complete = summaries.allSatisfy(\.complete)
        runDirectories = directories
        var figures: [String: Figure] = [:]
        var order: [String] = []
        for figure in ComparedFigure.all + ComparedFigure.audio + ComparedFigure.tiers(of: summaries) {
            // Only figures every run has: a median over some of the runs would pass for all of them.
            let values = summaries.compactMap { figure.fromSummary($0) }
            guard values.count == summaries.count, !values.isEmpty else { continue }
            figures[figure.id] = Figure(label: figure.label, unit: figure.unit, median: Bootstrap.median(values), min: values.min()!,
                                        max: values.max()!, spread: values.max()! - values.min()!, values: values)
            order.append(figure.id)
        }
        self.figures = figures
        figureOrder = order
        self.thresholds = thresholds.map { t in
            // A windowed threshold needs the per-second series, which a summary alone does not
            // hold: each run's own verdict (its worst window) is taken from its summary.
            let perRun = summaries.map { s in
                t.windowSeconds.flatMap { w in s.thresholds.first { $0.metric == t.metric && $0.condition == t.condition && $0.windowSeconds == w } }
                    ?? ThresholdEvaluator.evaluate([t], on: s)[0]
            }
            let actuals = perRun.compactMap(\.actual)
            let median = actuals.count == perRun.count && !actuals.isEmpty ? Bootstrap.median(actuals) : nil
            return ThresholdVerdict(metric: t.metric, condition: t.condition, perRun: perRun,
                                    aggregate: ThresholdResult(metric: t.metric, condition: t.condition, actual: median, passed: median.map(t.holds) ?? false))
        }
    }

    /// The figures in report order.
    public var orderedFigures: [Figure] { figureOrder.compactMap { figures[$0] } }

    /// True when a threshold failed on the aggregate (the median over runs).
    public var aggregateFailed: Bool { thresholds.contains { !$0.aggregate.passed } }

    /// Lines for the terminal: each figure's median [min, max], each threshold per run and aggregate.
    public var text: String {
        var lines = ["aggregate of \(runs) runs · \(scenario)\(complete ? "" : " · INCOMPLETE (a run was cut short)")"]
        let width = orderedFigures.map(\.title.count).max() ?? 0
        for v in orderedFigures {
            let padded = v.title + String(repeating: " ", count: width - v.title.count)
            lines.append(padded + String(format: " median %.3f  min %.3f  max %.3f  spread %.3f", v.median, v.min, v.max, v.spread))
        }
        for t in thresholds {
            let verdict = t.aggregate.passed ? "pass" : "FAIL"
            let actual = t.aggregate.actual.map { String(format: "%.3f", $0) } ?? "no data"
            lines.append("threshold   \(verdict)  \(t.metric) \(t.condition)  on the median (actual \(actual)); held in \(t.runsPassed) of \(runs) runs")
        }
        return lines.joined(separator: "\n")
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// benchmark.json entries with each figure's range over the runs, as github-action-benchmark's
    /// `range` field shows it.
    public func benchmarkJSON() throws -> String {
        struct Entry: Codable { var name: String; var unit: String; var value: Double; var range: String; var extra: String }
        let entries = orderedFigures.map { v in
            Entry(name: "\(scenario) \(v.label)", unit: v.unit.isEmpty ? "count" : v.unit, value: v.median,
                  range: String(format: "± %.3f", v.spread / 2), extra: "median of \(runs) runs; min \(v.min), max \(v.max)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(entries), as: UTF8.self) + "\n"
    }
}
