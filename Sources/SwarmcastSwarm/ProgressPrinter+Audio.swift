import SwarmcastMeasure

extension ProgressPrinter {
    /// `  audio concealed 3 silent 0 mismatched 12 (audio:wrong-seat)` after the line once decoded
    /// listeners heard something wrong in the run; nothing while all they heard was the source.
    static func audioPart(_ a: AudioCounts) -> String {
        guard a.concealed > 0 || a.silent > 0 || a.mismatched > 0 || a.repeated > 0 || a.outOfOrder > 0 else { return "" }
        let cause = a.causes.max { $0.value < $1.value }.map { " (\($0.key))" } ?? ""
        return "  audio concealed \(a.concealed) silent \(a.silent) mismatched \(a.mismatched)" + cause
    }
}
