import Foundation
import SwarmcastReport

/// Samples the host the coordinator runs on, once a second: load average, CPU steal time and
/// available memory, from /proc (local file reads only, cheap enough for the coordinator's loop).
///
/// Steal time is CPU a hypervisor gave to other guests while this one wanted it: a swarm on a
/// VM with steal measures the neighbours as well as the server.
struct HostSampler {
    private var firstStat: (steal: UInt64, total: UInt64)?
    private var lastStat: (steal: UInt64, total: UInt64)?
    private(set) var figures = HostFigures()

    init() {
        figures.cores = ProcessInfo.processInfo.activeProcessorCount
        firstStat = Self.stat()
    }

    mutating func sample() {
        if let load = Self.loadAverage() { figures.loadAverageMax = max(figures.loadAverageMax ?? 0, load) }
        if let available = Self.memoryAvailable() {
            figures.memoryAvailableMinBytes = min(figures.memoryAvailableMinBytes ?? .max, available)
        }
        lastStat = Self.stat()
        if let a = firstStat, let b = lastStat, b.total > a.total {
            figures.stealPercent = (Double(b.steal - a.steal) / Double(b.total - a.total) * 1000).rounded() / 10
        }
    }

    /// The 1-minute load average.
    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }

    /// Steal and total jiffies of all CPUs (the `cpu` line of /proc/stat; steal is its 8th value).
    static func stat() -> (steal: UInt64, total: UInt64)? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let values = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard values.count >= 8 else { return nil }
        // guest and guest_nice (9th, 10th) are already inside user and nice.
        return (values[7], values.prefix(8).reduce(0, +))
    }

    /// MemAvailable from /proc/meminfo, in bytes.
    static func memoryAvailable() -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { UInt64($0) }.map { $0 * 1024 }
    }
}
