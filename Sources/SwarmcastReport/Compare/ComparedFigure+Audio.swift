/// Decoded listeners' figures in `compare`, judged only when a run on either side decoded
/// (so comparisons of runs without decoded listeners keep their rows and their confidence split).
extension ComparedFigure {
    public static let audio: [ComparedFigure] = [
        ComparedFigure(id: "audio_match_p5", label: "audio match p5", unit: "", largerIsWorse: false, slack: 0.01,
                       fromSummary: { $0.audio?.match?.p5 }, fromSeconds: nil),
        ComparedFigure(id: "audio_concealed", label: "audio concealed", unit: "%", largerIsWorse: true, slack: 0.01,
                       fromSummary: { $0.audio.map { $0.concealedRatio * 100 } }, fromSeconds: nil),
        ComparedFigure(id: "audio_silent", label: "audio silent", unit: "%", largerIsWorse: true, slack: 0.01,
                       fromSummary: { $0.audio.map { $0.silentRatio * 100 } }, fromSeconds: nil),
        ComparedFigure(id: "audio_mismatched", label: "audio mismatched", unit: "%", largerIsWorse: true, slack: 0.01,
                       fromSummary: { $0.audio.map { $0.mismatchedRatio * 100 } }, fromSeconds: nil),
    ]

    /// The figures to judge for these runs: every core figure, and the audio ones when any run has them.
    static func judged(_ runs: [RunSample]) -> [ComparedFigure] {
        runs.contains { $0.figures["audio_match_p5"] != nil || $0.figures["audio_concealed"] != nil } ? all + audio : all
    }
}
