import Histogram
import SwarmcastMeasure
import Foundation
import SwarmcastReport

/// Live progress once a second: a redrawn line on a terminal, plain lines when not (CI logs).
struct ProgressPrinter {
    let redraw: Bool
    let enabled: Bool

    init(mode: ProgressMode) {
        let tty = isatty(STDOUT_FILENO) == 1
        switch mode {
        case .auto: redraw = tty; enabled = true
        case .line: redraw = true; enabled = true
        case .plain: redraw = false; enabled = true
        case .none: redraw = false; enabled = false
        }
    }

    /// One progress line from the latest timeline row and the run's counters.
    static func line(row: TimelineRow, counters: SwarmCounters, target: Int) -> String {
        func ms(_ v: Double?) -> String { v.map { $0 >= 100 ? String(format: "%.0fms", $0) : String(format: "%.1fms", $0) } ?? "-" }
        let failures = counters.failuresByCause.sorted { $0.value > $1.value }.prefix(3).map { "\($0.key)=\($0.value)" }
        return String(format: "[%4ds] listeners %d/%d  +%d/s  delay p50 %@ p99 %@  lost %d late %d stalls %d  failures: %@",
                      row.second, row.listeners, target, row.arrivals, ms(row.delayP50Millis), ms(row.delayP99Millis),
                      counters.framesLost, counters.framesLate, counters.stalls, failures.isEmpty ? "none" : failures.joined(separator: " ")) + generatorPart(row)
            + audioPart(counters.audio)
    }

    /// `  gen cpu 97% lag 240ms` after the line when the worst agent crossed a warning
    /// limit that second (`GeneratorLimits`), `behind 1.2s` when arrivals lag the schedule, `cpu-wait 60%` when it waited for a
    /// CPU, and
    /// `SATURATED` when the second counts as saturated; nothing when the generator kept up.
    static func generatorPart(_ row: TimelineRow) -> String {
        let sample = GeneratorSample(cpuPermille: Int(((row.generatorCPUPercent ?? 0) * 10).rounded()),
                                     loopLagMicros: UInt64((row.generatorLoopLagMillis ?? 0) * 1000),
                                     behindScheduleMillis: UInt64(row.generatorBehindMillis ?? 0),
                                     runQueueWaitPermille: Int(((row.generatorRunQueueWaitPercent ?? 0) * 10).rounded()))
        guard GeneratorLimits.isWarning(sample) || row.generatorSaturated == true else { return "" }
        var text = String(format: "gen cpu %.0f%% lag %.0fms", row.generatorCPUPercent ?? 0, row.generatorLoopLagMillis ?? 0)
        if sample.behindScheduleMillis >= GeneratorLimits.warnBehindMillis { text += String(format: " behind %.1fs", Double(sample.behindScheduleMillis) / 1000) }
        if sample.runQueueWaitPermille >= GeneratorLimits.warnRunQueueWaitPermille { text += String(format: " cpu-wait %.0f%%", row.generatorRunQueueWaitPercent ?? 0) }
        if row.generatorSaturated == true { text += " SATURATED" }
        return "  " + text
    }

    func show(_ line: String) {
        guard enabled else { return }
        if redraw {
            FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + line).utf8))
        } else {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }

    func finish() {
        if enabled && redraw { FileHandle.standardOutput.write(Data("\n".utf8)) }
    }
}
