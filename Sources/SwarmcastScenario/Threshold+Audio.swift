/// Decoded listeners' threshold metrics (`listeners.decode`): fractions, written like rates
/// (`audio.concealed_ratio: "< 0.1%"`, `audio.match.p5: "> 0.9"` or `"> 90%"`), all windowable.
/// A run without decoded listeners has no data for them, and a threshold on them fails.
extension Threshold {
    /// `audio.concealed_ratio` (concealed over decoded frames), `audio.silent_ratio` (frames silent
    /// where the source speaks, over decoded frames), `audio.mismatched_ratio` (scored frames
    /// matching worse than 0.9), and the signal match per listener-second at p5, p50 and min.
    public static let audioMetrics = ["audio.concealed_ratio", "audio.silent_ratio", "audio.mismatched_ratio",
                                      "audio.match.p5", "audio.match.p50", "audio.match.min"]
}
