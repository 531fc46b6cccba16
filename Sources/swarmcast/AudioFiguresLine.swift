import Foundation
import SwarmcastReport

/// The summary's `audio` line, for runs with decoded listeners (`listeners.decode`): how many
/// decoded, the signal match per listener-second, what share of frames were concealed, silent
/// or mismatched, repeats and reorderings, and the mismatches' causes.
enum AudioFiguresLine {
    static func text(_ s: RunSummary) -> String? {
        guard let a = s.audio else { return nil }
        let match = a.match.map { String(format: "match p5 %.3f p50 %.3f min %.3f", $0.p5, $0.p50, $0.min) } ?? "match no data"
        let causes = a.causes.isEmpty ? "" : "  causes " + a.causes.sorted { $0.value > $1.value }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "audio       decoded \(a.decodedListeners) listeners, \(a.frames) frames  \(match)  "
            + String(format: "concealed %.3f%%  silent %.3f%%  mismatched %.3f%%", a.concealedRatio * 100, a.silentRatio * 100, a.mismatchedRatio * 100)
            + "  repeated \(a.repeated)  out-of-order \(a.outOfOrder)" + causes
    }
}
