import SwarmcastSettings

/// `--metrics`' decoded-listener families (`listeners.decode`; absent until one decoded a frame).
extension SwarmMetricFamilies {
    public static let audioFrames = MetricFamily("swarmcast_swarm_audio_frames_total", .counter, "Frames decoded listeners decoded (concealed included)")
    public static let audioConcealed = MetricFamily("swarmcast_swarm_audio_concealed_total", .counter, "Frames decoded listeners had to conceal")
    public static let audioSilent = MetricFamily("swarmcast_swarm_audio_silent_total", .counter, "Frames that decoded to silence where the source speaks")
    public static let audioMismatched = MetricFamily("swarmcast_swarm_audio_mismatched_total", .counter, "Frames matching the source worse than 0.9")
    public static let audioCauses = MetricFamily("swarmcast_swarm_audio_causes_total", .counter, "Mismatched frames by what they sounded like", labels: ["cause"])
    public static let audioDecodedListeners = MetricFamily("swarmcast_swarm_audio_decoded_listeners", .gauge, "Listeners that decoded audio so far")
    public static let audioMatch = MetricFamily("swarmcast_swarm_audio_match", .histogram, "Signal match of decoded listeners per listener-second (0 to 1)")

    /// The decoded-listener families, in the order the page writes them.
    public static var audio: [MetricFamily] {
        [audioFrames, audioConcealed, audioSilent, audioMismatched, audioCauses, audioDecodedListeners, audioMatch]
    }
}
