import SwarmcastMeasure
import Foundation

/// report.html: one self-contained page (inline CSS and SVG, no script, no network) with the
/// headline figures, thresholds, charts over time, failures by cause and the scenario.
public enum HTMLReport {
    public static func page(_ r: RunResult, scenarioText: String?) -> String {
        let s = r.summary
        let seconds = r.timeline.map(\.second)
        func ms(_ v: Double?) -> String { v.map { String(format: "%.1f ms", $0) } ?? "–" }
        let listeners = SVGChart(title: "Listeners", unit: "connected", seconds: seconds, series: [
            .init(name: "receiving", color: "#2563eb", values: r.timeline.map { Double($0.listeners) }),
            .init(name: "target", color: "#9ca3af", values: r.timeline.map { Double($0.target) }),
        ]).render()
        var delayChart = SVGChart(title: "Delay, speaker to ear", unit: "ms", seconds: seconds, series: [
            .init(name: "p50", color: "#16a34a", values: r.timeline.map(\.delayP50Millis)),
            .init(name: "p90", color: "#ca8a04", values: r.timeline.map(\.delayP90Millis)),
            .init(name: "p99", color: "#dc2626", values: r.timeline.map(\.delayP99Millis)),
        ])
        // The worst window of each windowed threshold, shaded where it happened.
        delayChart.bands = s.thresholds.compactMap { t in
            guard let w = t.windowSeconds, let start = t.worstWindowStartSecond else { return nil }
            return (start, start + w - 1, "worst \(t.metric) window")
        }
        let delay = delayChart.render()
        let failures = SVGChart(title: "Failures per second", unit: "count", seconds: seconds, series: [
            .init(name: "rejects", color: "#dc2626", values: r.timeline.map { Double($0.rejects) }),
            .init(name: "disconnects", color: "#9333ea", values: r.timeline.map { Double($0.disconnects) }),
            .init(name: "dropped arrivals", color: "#ea580c", values: r.timeline.map { Double($0.droppedArrivals) }),
            .init(name: "lost frames", color: "#0891b2", values: r.timeline.map { Double($0.framesLost) }),
        ]).render()
        let thresholdRows = s.thresholds.map { t in
            "<tr class=\"\(t.passed ? "ok" : "bad")\"><td>\(esc(t.metric))</td><td>\(esc(t.condition))\(t.windowSeconds.map { w in " per \(w) s window" + (t.worstWindowStartSecond.map { " (worst: seconds \($0)–\($0 + w - 1))" } ?? "") } ?? "")</td><td>\(t.actual.map { String($0) } ?? "no data")</td><td>\(t.passed ? "pass" : t.verdict == "inconclusive" ? "INCONCLUSIVE" : "FAIL")</td></tr>"
        }.joined(separator: "\n")
        let failureRows = s.failuresByCause.sorted { $0.value > $1.value }.map { "<tr><td>\(esc($0.key))</td><td>\($0.value)</td></tr>" }.joined(separator: "\n")
        func percentileRow(_ name: String, _ p: PercentilesMillis?) -> String {
            guard let p else { return "<tr><td>\(name)</td><td colspan=6>no data</td></tr>" }
            return "<tr><td>\(name)</td><td>\(ms(p.p50))</td><td>\(ms(p.p90))</td><td>\(ms(p.p99))</td><td>\(ms(p.p999))</td><td>\(ms(p.max))</td><td>\(p.count)</td></tr>"
        }
        let phaseRows = (s.phases ?? []).map { ph in
            "<tr><td>\(esc(ph.name)) (s \(ph.fromSecond)–\(ph.toSecond))</td><td>\(ms(ph.delay?.p50))</td><td>\(ms(ph.delay?.p99))</td><td>\(ms(ph.delay?.max))</td><td>\(String(format: "%.0f", ph.listenersMean))</td><td>\(ph.failures)</td><td>\(String(format: "%.3f%%", ph.failureRate * 100))</td></tr>"
        }.joined(separator: "\n")
        let attackRows = s.counters.attackOutcomes.sorted { $0.key < $1.key }.map { "<tr><td>\(esc($0.key))</td><td>\($0.value)</td></tr>" }.joined(separator: "\n")
        let status = s.complete ? "<span class=ok>complete</span>" : "<span class=bad>INCOMPLETE: \(esc(s.incompleteReasons.joined(separator: ", ")))</span>"
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Swarmcast: \(esc(s.scenario))</title>
        <style>
        body{font:14px/1.4 system-ui,sans-serif;max-width:900px;margin:2em auto;color:#111}
        table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}
        td:first-child,th:first-child{text-align:left}.ok{color:#15803d}.bad{color:#b91c1c;font-weight:bold}
        tr.bad td{background:#fee2e2}svg{width:100%;height:auto;margin:1em 0}.t{font-weight:bold;font-size:13px}
        .banner{background:#b91c1c;color:#fff;padding:1em;font-weight:bold;font-size:16px}
        .a{font-size:11px;fill:#555}.g{stroke:#eee}pre{background:#f6f6f6;padding:1em;overflow:auto}
        </style></head><body>
        \(generatorBanner(s))
        <h1>Swarmcast run: \(esc(s.scenario))</h1>
        \(s.aborted.map { "<p class=bad>ABORTED: \(esc($0))</p>" } ?? "")
        <p>\(status) · server \(esc(s.server)) · \(esc(s.startedAt)) · \(String(format: "%.1f", s.durationSeconds)) s ·
        \(s.machine.cores) cores · agents \(s.agents.started) (lost \(s.agents.lost)) · swarmcast \(esc(s.tool.version))</p>
        <h2>Listeners</h2>
        <table><tr><th>target</th><th>peak</th><th>final</th><th>connects</th><th>welcomed</th><th>failure rate</th></tr>
        <tr><td>\(s.listeners.target)</td><td>\(s.listeners.peak)</td><td>\(s.listeners.final)</td><td>\(s.counters.connectsStarted)</td><td>\(s.counters.welcomed)</td><td>\(String(format: "%.3f%%", s.failureRate * 100))</td></tr></table>
        <h2>What listeners felt</h2>
        <table><tr><th></th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th><th>samples</th></tr>
        \(percentileRow("delay (speaker to ear)", s.delay))
        \(percentileRow("first audio", s.firstAudio))
        \(percentileRow("connect", s.connect))
        \(percentileRow("welcome", s.welcome))
        \(s.playlistStaleness.map { percentileRow("HLS playlist staleness", $0) } ?? "")
        \(s.segmentFetch.map { percentileRow("HLS segment fetch", $0) } ?? "")
        </table>
        \(s.clock.map { c in "<p>delay clock: \(c.boundMs.map { String(format: "± %.2f ms", $0) } ?? "bound unknown") (offset \(c.offsetMs.map { String(format: "%.2f ms", $0) } ?? "none"), source \(esc(c.source)))\(s.shard.map { " · shard \($0.index)/\($0.count), plan \(esc($0.planHash))" } ?? "")\((s.shards ?? []).isEmpty ? "" : " · \(s.shards!.count) shards merged")</p>" } ?? "")
        \(tierTable(s.delayByTier))
        \(tierTable(s.hlsDelayByTier))
        <p>frames received \(s.counters.framesReceived) · lost \(s.counters.framesLost) · late \(s.counters.framesLate) · stalls \(s.counters.stalls) · reconnects \(s.counters.reconnects) · churned \(s.counters.churned)</p>
        \(audioSection(r))
        \(phaseRows.isEmpty ? "" : "<h2>Legitimate listeners before and during the attack</h2>\n<table><tr><th>phase</th><th>delay p50</th><th>delay p99</th><th>delay max</th><th>listeners (mean)</th><th>failures</th><th>failure rate</th></tr>\n\(phaseRows)</table>")
        \(attackRows.isEmpty ? "" : "<h2>Attack clients by outcome</h2>\n<table><tr><th>kind:outcome</th><th>count</th></tr>\n\(attackRows)</table>")
        \((s.faultsInjected ?? []).isEmpty ? "" : "<h2>Faults injected</h2>\n<ul>\((s.faultsInjected ?? []).map { "<li>\(esc($0))</li>" }.joined())</ul>")
        <h2>Thresholds</h2>
        \(s.thresholds.isEmpty ? "<p>\(esc(s.thresholdsNote ?? "none"))</p>" : "<table><tr><th>metric</th><th>condition</th><th>actual</th><th>result</th></tr>\n\(thresholdRows)</table>")
        \(listeners)
        \(delay)
        \(failures)
        <h2>Failures by cause</h2>
        \(failureRows.isEmpty ? "<p>none</p>" : "<table><tr><th>cause</th><th>count</th></tr>\n\(failureRows)</table>")
        \(scenarioText.map { "<h2>Scenario</h2>\n<pre>\(esc($0))</pre>" } ?? "")
        </body></html>

        """
    }

    /// The red banner that opens a report whose generator was saturated: its figures are the
    /// swarm's limits, and nobody should read them as the server's.
    static func generatorBanner(_ s: RunSummary) -> String {
        guard let g = s.generator, g.saturatedSeconds > 0 else { return "" }
        let rest = g.warnings.dropFirst().map { "<br>" + esc($0) }.joined()
        return "<div class=banner id=generator-saturated>for \(g.saturatedSeconds) s the swarm was the bottleneck: these figures describe the load generator, not the server"
            + String(format: " (agent CPU max %.0f%%, loop lag p99 %.0f ms)", g.cpuMax, g.loopLagP99Ms) + "\(rest)</div>"
    }

    /// Delay by tier: one row per tier in path order, then end to end, with the clock bound.
    static func tierTable(_ d: DelayByTier?) -> String {
        guard let d else { return "" }
        func row(_ t: DelayByTier.Tier) -> String {
            String(format: "<tr><td>%@</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td></tr>", esc(t.name), t.p50Ms, t.p99Ms, t.maxMs, t.meanMs)
        }
        return "<h2 id=delay-by-tier\(d.path == "hls" ? "-hls" : "")>Delay by tier\(d.path == "hls" ? " (HLS)" : "")</h2>\n<table><tr><th>tier</th><th>p50 ms</th><th>p99 ms</th><th>max ms</th><th>mean ms</th></tr>\n"
            + d.tiers.map(row).joined(separator: "\n") + "\n" + row(d.endToEnd) + "</table>\n"
            + String(format: "<p>%d %@; the tiers' means add up to %.3f ms (end to end %.3f ms); clock bound %@ (%@)%@</p>",
                     d.frames, d.path == "hls" ? "parts and segments with a publication time" : "frames with hop stamps", d.sumOfTierMeansMs, d.endToEnd.meanMs,
                     d.clockBoundMs.map { String(format: "± %.3f ms", $0) } ?? "unknown", esc(d.clock),
                     d.clampedFrames > 0 ? "; \(d.clampedFrames) frames had a tier below zero" : "")
    }

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
