/// An agent's HLS counts as plain fields, added to on every request and written into the
/// snapshot's `hls` counters (`SwarmCounters.hls`, keyed by name) once a second. Counting
/// straight into that dictionary hashed nine string keys per request, a measurable share of an
/// HLS player's CPU.
struct HLSTally {
    var requests = 0
    var playlists = 0
    var playlistBytes = 0
    var playlistFetchMicros = 0
    var stalenessMillis = 0
    var media = 0
    var mediaFetchMicros = 0
    var playedMillis = 0
    var stalledMillis = 0

    /// Writes the cumulative counts under their snapshot names; a count still zero stays absent,
    /// as a key that was never counted did.
    func write(into counts: inout [String: Int]) {
        let named = [("requests", requests), ("playlists", playlists), ("playlist_bytes", playlistBytes),
                     ("playlist_fetch_us", playlistFetchMicros), ("staleness_ms", stalenessMillis), ("media", media),
                     ("media_fetch_us", mediaFetchMicros), ("played_ms", playedMillis), ("stalled_ms", stalledMillis)]
        for (name, count) in named where count != 0 { counts[name] = count }
    }
}
