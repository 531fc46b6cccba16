import Foundation
import SwarmcastMeasure
import SwarmcastReport

/// The end-of-run summary a person reads in the terminal.
enum ResultPrinter {
    static func text(_ s: RunSummary, outDirectory: String?) -> String {
        func p(_ x: PercentilesMillis?) -> String {
            guard let x else { return "no data" }
            return String(format: "p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f ms", x.p50, x.p90, x.p99, x.p999, x.max)
        }
        var lines = [
            "",
            "\(s.complete ? "complete" : "INCOMPLETE (\(s.incompleteReasons.joined(separator: ", ")))") · \(s.scenario) · \(String(format: "%.1f", s.durationSeconds)) s · agents \(s.agents.started) (lost \(s.agents.lost))",
            "listeners   target \(s.listeners.target)  peak \(s.listeners.peak)  final \(s.listeners.final)  connects \(s.counters.connectsStarted)  welcomed \(s.counters.welcomed)",
            "delay       \(p(s.delay))",
            "first audio \(p(s.firstAudio))",
            "connect     \(p(s.connect))",
            "frames      received \(s.counters.framesReceived)  lost \(s.counters.framesLost)  late \(s.counters.framesLate)  stalls \(s.counters.stalls)",
            "failures    \(s.failuresByCause.isEmpty ? "none" : s.failuresByCause.sorted { $0.value > $1.value }.map { "\($0.key)=\($0.value)" }.joined(separator: "  "))  (rate \(String(format: "%.3f%%", s.failureRate * 100)))",
        ]
        for phase in s.phases ?? [] {
            lines.append("phase       \(phase.name) (s \(phase.fromSecond)-\(phase.toSecond))  delay \(p(phase.delay))  failures \(phase.failures) (rate \(String(format: "%.3f%%", phase.failureRate * 100)))")
        }
        if let hls = HLSFiguresLine.text(s.counters, seconds: s.durationSeconds) { lines.append(hls) }
        if !s.counters.attackOutcomes.isEmpty {
            lines.append("attacks     " + s.counters.attackOutcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "  "))
        }
        for fault in s.faultsInjected ?? [] { lines.append("fault       \(fault)") }
        for t in s.thresholds {
            lines.append("threshold   \(t.passed ? "pass" : "FAIL")  \(t.metric) \(t.condition)  (actual \(t.actual.map { String($0) } ?? "no data"))")
        }
        if let outDirectory { lines.append("report      \(outDirectory)/report.html  (summary.json, timeline.csv, delay.hlog, metrics.prom, junit.xml, benchmark.json)") }
        return lines.joined(separator: "\n")
    }
}
