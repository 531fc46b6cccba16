import SwarmcastSettings

/// metrics.prom's decoded-listener families (runs with `listeners.decode` only; docs/audio.md).
extension RunMetricFamilies {
    public static let audioDecodedListeners = MetricFamily("swarmcast_run_audio_decoded_listeners", .gauge, "Listeners that decoded their audio.", labels: ["scenario"])
    public static let audioFrames = MetricFamily("swarmcast_run_audio_frames", .gauge, "Frames decoded listeners decoded (concealed included).", labels: ["scenario"])
    public static let audioConcealedRatio = MetricFamily("swarmcast_run_audio_concealed_ratio", .gauge, "Concealed (packet loss concealment) over decoded frames.", labels: ["scenario"])
    public static let audioSilentRatio = MetricFamily("swarmcast_run_audio_silent_ratio", .gauge, "Frames silent where the source speaks, over decoded frames.", labels: ["scenario"])
    public static let audioMismatchedRatio = MetricFamily("swarmcast_run_audio_mismatched_ratio", .gauge, "Frames matching the source worse than 0.9, over frames compared.", labels: ["scenario"])
    public static let audioMatch = MetricFamily("swarmcast_run_audio_match", .gauge, "Signal match per listener-second (0 to 1).", labels: ["scenario", "quantile"])
    public static let audioCauses = MetricFamily("swarmcast_run_audio_causes", .gauge, "Mismatched frames by what they sounded like.", labels: ["scenario", "cause"])

    /// The decoded-listener families, in the order `metrics.prom` writes them.
    public static var audio: [MetricFamily] {
        [audioDecodedListeners, audioFrames, audioConcealedRatio, audioSilentRatio, audioMismatchedRatio, audioMatch, audioCauses]
    }
}
