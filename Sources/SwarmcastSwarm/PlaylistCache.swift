import SwarmcastHLS

/// The last media playlist a target answered, parsed: every player of a target reloads the same
/// playlist, and between two updates of it the server answers them all with the same bytes, so a
/// reload whose body equals the last one reuses its parse (a byte comparison instead of a parse of
/// every line and program date, ~6% of an HLS player's CPU). Shared by the players of one target
/// in one agent, on one event loop.
final class PlaylistCache {
    private var body: [UInt8] = []
    private var playlist: HLSMediaPlaylist?

    func parse(_ bytes: [UInt8]) throws(HLSPlaylistError) -> HLSMediaPlaylist {
        if let playlist, bytes == body { return playlist }
        let parsed = try HLSMediaPlaylist.parse(bytes: bytes)
        (body, playlist) = (bytes, parsed)
        return parsed
    }
}
