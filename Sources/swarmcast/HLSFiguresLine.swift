import Foundation
import SwarmcastMeasure

/// The summary's `hls` line, for runs with HLS listeners: playlist and media fetch times,
/// playlist staleness, the simulated players' rebuffering, and requests per second.
enum HLSFiguresLine {
    static func text(_ c: SwarmCounters, seconds: Double) -> String? {
        let h = c.hls
        guard let requests = h["requests"], requests > 0 else { return nil }
        func mean(_ sum: String, _ count: String, scale: Double = 1) -> String {
            let n = h[count, default: 0]
            return n > 0 ? String(format: "%.1f", Double(h[sum, default: 0]) / scale / Double(n)) : "-"
        }
        let ratio = c.rebufferRatio.map { String(format: "%.3f%%", $0 * 100) } ?? "-"
        return "hls         requests \(requests) (\(String(format: "%.0f", Double(requests) / max(seconds, 0.001)))/s)  playlists \(h["playlists", default: 0]) "
            + "(fetch mean \(mean("playlist_fetch_us", "playlists", scale: 1000)) ms, staleness mean \(mean("staleness_ms", "playlists")) ms)  "
            + "media \(h["media", default: 0]) (fetch mean \(mean("media_fetch_us", "media", scale: 1000)) ms)  "
            + "rebuffer \(ratio) (\(String(format: "%.1f", Double(h["stalled_ms", default: 0]) / 1000)) s stalled)"
    }
}
