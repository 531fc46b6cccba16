/// Decoded listeners' threshold metrics (`listeners.decode`): fractions, written like rates
/// (`audio.concealed_ratio: "< 0.1%"`, `audio.match.p5: "> 0.9"` or `"> 90%"`), all windowable.
/// A run without decoded listeners has no data for them, and a threshold on them fails.
extension Threshold {
    /// `audio.concealed_ratio` (concealed over decoded frames), `audio.silent_ratio` (frames silent
    /// where the source speaks, over decoded frames), `audio.mismatched_ratio` (scored frames
    /// matching worse than 0.9), and the signal match per listener-second at p5, p50 and min.
    public static let audioMetrics = ["audio.concealed_ratio", "audio.silent_ratio", "audio.mismatched_ratio",
                                      "audio.match.p5", "audio.match.p50", "audio.match.min"]

    /// What each audio metric measures, for `docs/reference/thresholds.md` (docs/audio.md has more).
    public static let audioMetricDocs: [String: String] = [
        "audio.concealed_ratio": "Decoded listeners: frames Opus packet loss concealment had to invent, over frames decoded",
        "audio.silent_ratio": "Decoded listeners: frames that decoded to silence where the source speaks, over frames decoded",
        "audio.mismatched_ratio": "Decoded listeners: frames matching the source worse than 0.9, over frames compared (the source speaking)",
        "audio.match.p5": "Decoded listeners: 5th percentile over listener-seconds of the mean signal match (0 to 1) against the source",
        "audio.match.p50": "Decoded listeners: median over listener-seconds of the mean signal match (0 to 1) against the source",
        "audio.match.min": "Decoded listeners: the worst listener-second's mean signal match (0 to 1) against the source",
    ]
}
