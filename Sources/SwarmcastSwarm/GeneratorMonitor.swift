#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SwarmcastLoop
import SwarmcastMeasure

/// Measures, on the agent's own loop, whether the agent keeps up as a load generator: CPU per
/// second, how late a 1 s timer fires (loop lag), how far behind the arrival schedule it runs,
/// open files against the limit, and connects lost to local-port exhaustion.
///
/// Everything it does is local and cheap (a clock read, getrusage, one readdir of
/// /proc/self/fd every five seconds): nothing here may wait on the network or another process.
final class GeneratorMonitor {
    private var timer: LoopTimer?
    private var armedAtNanos: UInt64 = 0
    private var worstLagNanos: UInt64 = 0
    private var worstBehindSeconds = 0.0
    private var lastSampleNanos = WallClock.monotonicNanos()
    private var lastCPUSeconds = ProcessLimits.cpuSeconds()
    private var lastRunQueueWaitNanos = GeneratorMonitor.runQueueWaitNanos()
    private let openFilesLimit = Int(ProcessLimits.raiseOpenFileLimit().soft)
    /// Open files as last counted, and samples since. Reading /proc/self/fd walks one entry per
    /// descriptor in the kernel (~4% of an agent holding 3,000 connections when done every
    /// second), so past the first five seconds it is counted every fifth sample and in the
    /// final one, and the count carried in between.
    private var openFiles = 0
    private var samples = 0

    /// Starts the 1 s lag timer: one-shot, re-armed at each firing, so each firing's lateness is
    /// measured against the moment it was armed (a persistent timer would hide lateness by
    /// rescheduling from its own due time).
    func start(loop: EventLoop) {
        timer = LoopTimer(loop: loop, interval: .seconds(1), repeating: false) { [unowned self] in self.fired() }
        arm()
    }

    func stop() {
        timer?.cancel()
        timer = nil
    }

    private func arm() {
        armedAtNanos = WallClock.monotonicNanos()
        timer?.start()
    }

    private func fired() {
        let now = WallClock.monotonicNanos()
        let due = armedAtNanos + 1_000_000_000
        if now > due { worstLagNanos = max(worstLagNanos, now - due) }
        arm()
    }

    /// Called on each arrival tick with how far the oldest due arrival is behind (0 when none).
    func noteBehind(seconds: Double) {
        worstBehindSeconds = max(worstBehindSeconds, seconds)
    }

    /// The second's figures, after which the worst-of-second values start again. The lag of a
    /// timer still waiting counts too: a loop blocked for 3 s has not fired it at all.
    func sample(counters: SwarmCounters, final: Bool = false) -> GeneratorSample {
        let now = WallClock.monotonicNanos()
        let cpu = ProcessLimits.cpuSeconds()
        let wall = Double(now - lastSampleNanos) / 1e9
        let due = armedAtNanos + 1_000_000_000
        let pendingLag = timer != nil && now > due ? now - due : 0
        var g = GeneratorSample()
        g.cpuPermille = wall > 0.05 ? Int(((cpu - lastCPUSeconds) / wall * 1000).rounded()) : 0
        g.loopLagMicros = max(worstLagNanos, pendingLag) / 1000
        g.behindScheduleMillis = UInt64(max(0, worstBehindSeconds) * 1000)
        if samples < 5 || samples % 5 == 0 || final { openFiles = Self.openFiles() }
        samples += 1
        g.openFiles = openFiles
        g.openFilesLimit = openFilesLimit
        g.portExhausted = Self.portExhausted(counters)
        let waited = Self.runQueueWaitNanos()
        if wall > 0.05, waited >= lastRunQueueWaitNanos { g.runQueueWaitPermille = Int(Double(waited - lastRunQueueWaitNanos) / 1e6 / wall) }
        lastRunQueueWaitNanos = waited
        lastSampleNanos = now
        lastCPUSeconds = cpu
        worstLagNanos = 0
        worstBehindSeconds = 0
        return g
    }

    /// Connects that failed for want of a local port: at socket()/bind() time (a dropped
    /// arrival) or reported by the non-blocking connect (a disconnect).
    static func portExhausted(_ k: SwarmCounters) -> Int {
        k.droppedArrivals.filter { $0.key.hasSuffix("EADDRNOTAVAIL") }.values.reduce(0, +)
            + k.disconnects.filter { $0.key.hasSuffix("EADDRNOTAVAIL") }.values.reduce(0, +)
    }

    /// Nanoseconds this thread has spent runnable on a run queue without a CPU (second field of
    /// /proc/thread-self/schedstat; the loop runs on the main thread, which /proc/self names).
    static func runQueueWaitNanos() -> UInt64 {
        guard let text = try? String(contentsOfFile: "/proc/self/schedstat", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return fields.count >= 2 ? (UInt64(fields[1]) ?? 0) : 0
    }

    /// Open descriptors of this process (entries of /proc/self/fd, less the directory's own).
    static func openFiles() -> Int { max(0, entries(in: "/proc/self/fd") - 1) }

    /// Entries of a directory whose names do not start with a dot (0 when it cannot be read).
    static func entries(in path: String) -> Int {
        guard let dir = opendir(path) else { return 0 }
        defer { closedir(dir) }
        // Read only d_name's first byte in place: a dirent is variable-length (d_reclen), so
        // copying `entry.pointee` reads sizeof(dirent) bytes and can run off the end of the
        // mapped buffer for the last short entry (it crashed an agent in CI).
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        var n = 0
        while let entry = readdir(dir) {
            let first = UnsafeRawPointer(entry).load(fromByteOffset: nameOffset, as: UInt8.self)
            if first != UInt8(ascii: ".") { n += 1 }
        }
        return n
    }
}
