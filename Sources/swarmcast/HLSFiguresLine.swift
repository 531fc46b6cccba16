import Foundation
import SwarmcastMeasure
import SwarmcastReport

/// The summary's `hls` line, for runs with HLS listeners: playlist staleness and fetch times,
/// segment (or part) fetch times, the simulated players' rebuffering, and requests per second.
/// Staleness and segment fetch are percentiles of their histograms (what the thresholds judge);
/// playlist fetch, kept only as a sum, is a mean.
enum HLSFiguresLine {
    static func text(_ s: RunSummary) -> String? {
        let c = s.counters
        let h = c.hls
        guard let requests = h["requests"], requests > 0 else { return nil }
        func mean(_ sum: String, _ count: String, scale: Double = 1) -> String {
            let n = h[count, default: 0]
            return n > 0 ? String(format: "%.1f", Double(h[sum, default: 0]) / scale / Double(n)) : "-"
        }
        func p50p99(_ p: PercentilesMillis?) -> String {
            p.map { String(format: "p50 %.1f p99 %.1f", $0.p50, $0.p99) } ?? "p50 - p99 -"
        }
        let ratio = c.rebufferRatio.map { String(format: "%.3f%%", $0 * 100) } ?? "-"
        // Player-minutes: played plus stalled time, the players' own clock.
        let playerMinutes = Double(h["played_ms", default: 0] + h["stalled_ms", default: 0]) / 60_000
        let playlistKB = playerMinutes > 0 ? String(format: "%.1f", Double(h["playlist_bytes", default: 0]) / 1000 / playerMinutes) : "-"
        return "hls         requests \(requests) (\(String(format: "%.0f", Double(requests) / max(s.durationSeconds, 0.001)))/s)  playlists \(h["playlists", default: 0]) "
            + "(fetch mean \(mean("playlist_fetch_us", "playlists", scale: 1000)) ms, staleness \(p50p99(s.playlistStaleness)) ms, \(playlistKB) KB/player-min)  "
            + "media \(h["media", default: 0]) (fetch \(p50p99(s.segmentFetch)) ms)  "
            + "rebuffer \(ratio) (\(c.stalls) stalls, \(String(format: "%.1f", Double(h["stalled_ms", default: 0]) / 1000)) s stalled)"
    }
}
