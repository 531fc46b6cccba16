import Histogram
import SwarmcastMeasure

/// report.html's section on what decoded listeners heard (runs with `listeners.decode`): the
/// figures, the match and the wrong frames over time, and the worst listener-second drawn as
/// the loudness envelope it decoded beside the one of the source it should have heard.
extension HTMLReport {
    static func audioSection(_ r: RunResult) -> String {
        guard let a = r.summary.audio else { return "" }
        let seconds = r.timeline.map(\.second)
        func pct(_ v: Double) -> String { String(format: "%.3f%%", v * 100) }
        let match = a.match.map { String(format: "<td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%llu</td>", $0.p5, $0.p50, $0.min, $0.listenerSeconds) }
            ?? "<td colspan=4>no data</td>"
        var html = """
        <h2>What decoded listeners heard</h2>
        <table><tr><th>decoded listeners</th><th>frames</th><th>concealed</th><th>silent</th><th>mismatched</th><th>repeated</th><th>out of order</th><th>match p5</th><th>p50</th><th>min</th><th>listener-seconds</th></tr>
        <tr><td>\(a.decodedListeners)</td><td>\(a.frames)</td><td>\(pct(a.concealedRatio))</td><td>\(pct(a.silentRatio))</td><td>\(pct(a.mismatchedRatio))</td><td>\(a.repeated)</td><td>\(a.outOfOrder)</td>\(match)</tr></table>
        """
        if !a.causes.isEmpty {
            html += "\n<table><tr><th>what mismatched frames sounded like</th><th>frames</th></tr>\n"
                + a.causes.sorted { $0.value > $1.value }.map { "<tr><td>\(esc($0.key))</td><td>\($0.value)</td></tr>" }.joined(separator: "\n") + "</table>"
        }
        if !r.audioMatchBySecond.isEmpty {
            func percentile(_ second: Int, _ p: Double) -> Double? {
                r.audioMatchBySecond[second].flatMap { $0.totalCount > 0 ? Double(min($0.valueAtPercentile(p), 1000)) / 1000 : nil }
            }
            html += "\n" + SVGChart(title: "Signal match per listener-second", unit: "match (0 to 1)", seconds: seconds, series: [
                .init(name: "p5", color: "#dc2626", values: seconds.map { percentile($0, 5) }),
                .init(name: "p50", color: "#16a34a", values: seconds.map { percentile($0, 50) }),
            ]).render()
        }
        if r.timeline.contains(where: { $0.audio != nil }) {
            html += "\n" + SVGChart(title: "Decoded frames that were not the source, per second", unit: "frames", seconds: seconds, series: [
                .init(name: "concealed", color: "#0891b2", values: r.timeline.map { $0.audio.map { Double($0.concealed) } }),
                .init(name: "silent", color: "#9333ea", values: r.timeline.map { $0.audio.map { Double($0.silent) } }),
                .init(name: "mismatched", color: "#dc2626", values: r.timeline.map { $0.audio.map { Double($0.mismatched) } }),
            ]).render()
        }
        if let w = a.worst, !w.decoded.isEmpty {
            let blocks = Array(0..<w.decoded.count)
            html += "\n<p id=audio-worst>Worst listener-second: listener \(w.listener >> 16) (session \(w.listener & 0xFFFF)), second \(w.second), "
                + String(format: "match %.3f", Double(w.matchPermille) / 1000) + (w.cause.map { ", mostly \(esc($0))" } ?? "") + ". Envelope per 10 ms block of the frames it received that second.</p>\n"
                + SVGChart(title: "Worst listener-second: decoded vs source", unit: "RMS x 1024", seconds: blocks, series: [
                    .init(name: "decoded", color: "#dc2626", values: w.decoded.map { Double($0) }),
                    .init(name: "source", color: "#2563eb", values: w.reference.map { Double($0) }),
                ]).render()
        }
        return html
    }
}
