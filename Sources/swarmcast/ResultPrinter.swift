import Foundation
import SwarmcastMeasure
import SwarmcastReport

/// The end-of-run summary a person reads in the terminal.
enum ResultPrinter {
    /// `  ± B ms` after the delay percentiles: every delay is known only to the clock's bound.
    static func clockBound(_ c: ClockFigures?) -> String {
        guard let bound = c?.boundMs else { return "" }
        return String(format: "  ± %.3f ms (clock)", bound)
    }

    static func text(_ s: RunSummary, outDirectory: String?) -> String {
        func p(_ x: PercentilesMillis?) -> String {
            guard let x else { return "no data" }
            return String(format: "p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f ms", x.p50, x.p90, x.p99, x.p999, x.max)
        }
        var lines = [
            "",
            "\(s.complete ? "complete" : "INCOMPLETE (\(s.incompleteReasons.joined(separator: ", ")))") · \(s.scenario) · \(String(format: "%.1f", s.durationSeconds)) s · agents \(s.agents.started) (lost \(s.agents.lost))",
            "listeners   target \(s.listeners.target)  peak \(s.listeners.peak)  final \(s.listeners.final)  connects \(s.counters.connectsStarted)  welcomed \(s.counters.welcomed)",
            "delay       \(p(s.delay))\(clockBound(s.clock))",
            "first audio \(p(s.firstAudio))",
            "connect     \(p(s.connect))",
            "frames      received \(s.counters.framesReceived)  lost \(s.counters.framesLost)  late \(s.counters.framesLate)  stalls \(s.counters.stalls)",
            "failures    \(s.failuresByCause.isEmpty ? "none" : s.failuresByCause.sorted { $0.value > $1.value }.map { "\($0.key)=\($0.value)" }.joined(separator: "  "))  (rate \(String(format: "%.3f%%", s.failureRate * 100)))",
        ]
        for phase in s.phases ?? [] {
            lines.append("phase       \(phase.name) (s \(phase.fromSecond)-\(phase.toSecond))  delay \(p(phase.delay))  failures \(phase.failures) (rate \(String(format: "%.3f%%", phase.failureRate * 100)))")
        }
        if let hls = HLSFiguresLine.text(s) { lines.append(hls) }
        for tiers in [s.delayByTier, s.hlsDelayByTier].compactMap({ $0 }) { lines.append(tiers.resultLine) }
        if let audio = AudioFiguresLine.text(s) { lines.append(audio) }
        if !s.counters.attackOutcomes.isEmpty {
            lines.append("attacks     " + s.counters.attackOutcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "  "))
        }
        for fault in s.faultsInjected ?? [] { lines.append("fault       \(fault)") }
        if let c = s.clock {
            lines.append("clock       offset \(c.offsetMs.map { String(format: "%.3f ms", $0) } ?? "none")  bound \(c.boundMs.map { String(format: "± %.3f ms", $0) } ?? "unknown")  source \(c.source)"
                         + (c.chrony.map { String(format: "  chrony offset %.3f ms, root delay %.3f ms, root dispersion %.3f ms", $0.offsetMs, $0.rootDelayMs, $0.rootDispersionMs) } ?? ""))
        }
        if let g = s.generator {
            lines.append(String(format: "generator   cpu max %.0f%%  loop lag p99 %.1f ms  behind %.2f s  saturated %d s", g.cpuMax, g.loopLagP99Ms, g.behindScheduleSeconds, g.saturatedSeconds)
                         + (g.stealPercent.map { String(format: "  steal %.1f%%", $0) } ?? ""))
            for w in g.warnings { lines.append("WARNING     generator: \(w)") }
        }
        if let aborted = s.aborted { lines.append("ABORTED     \(aborted)") }
        if let shard = s.shard {
            lines.append("shard       \(shard.index)/\(shard.count)  plan \(shard.planHash)  host \(shard.host)  start \(shard.startAt)")
        }
        if let shards = s.shards, !shards.isEmpty {
            lines.append("shards      \(shards.count) merged: " + shards.map { "\($0.index)@\($0.host)" + ($0.address.map { " (\($0))" } ?? "") }.joined(separator: " ") + "  plan \(shards[0].planHash)")
        }
        for t in s.thresholds {
            let verdict = t.passed ? "pass" : t.verdict == "inconclusive" ? "INCONCLUSIVE" : "FAIL"
            let window = t.windowSeconds.map { w in "  worst \(w) s window from second \(t.worstWindowStartSecond.map(String.init) ?? "-")" } ?? ""
            lines.append("threshold   \(verdict)  \(t.metric) \(t.condition)  (actual \(t.actual.map { String($0) } ?? "no data")\(t.verdict == "inconclusive" ? ", within the clock bound" : "")\(window))")
        }
        if let note = s.thresholdsNote { lines.append("thresholds  \(note)") }
        if let outDirectory { lines.append("report      \(outDirectory)/report.html  (summary.json, timeline.csv, delay.hlog, metrics.prom, junit.xml, benchmark.json)") }
        return lines.joined(separator: "\n")
    }
}
