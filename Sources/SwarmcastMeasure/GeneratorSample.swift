/// One agent's health as a load generator during one second: whether the figures it measured
/// that second describe the server or the swarm itself.
///
/// A swarm agent that is short of CPU reads its sockets late, and the lateness shows up as
/// server delay; one that runs out of local ports reports connect failures the server never
/// saw. These figures let a run say so instead of blaming the server.
public struct GeneratorSample: Equatable, Sendable {
    /// CPU the agent used during the second, in per mille of one core (getrusage delta over
    /// the wall-clock delta): 1000 is one core busy the whole second.
    public var cpuPermille: Int = 0
    /// How late the agent's 1 s health timer fired (µs): the event loop's lag, the time any
    /// socket event may have waited before it was read.
    public var loopLagMicros: UInt64 = 0
    /// How far behind the arrival schedule the agent ran at the end of the second (ms): the age
    /// of the oldest arrival that was due and not started.
    public var behindScheduleMillis: UInt64 = 0
    /// Open file descriptors and the soft limit (the agent's connections are most of them).
    public var openFiles: Int = 0
    public var openFilesLimit: Int = 0
    /// Connects that failed with EADDRNOTAVAIL (no free local port), cumulative.
    public var portExhausted: Int = 0
    /// Time the agent's loop thread was runnable but not running during the second, per mille
    /// (/proc/self/schedstat): other processes had its core, so it was starved, not busy.
    public var runQueueWaitPermille: Int = 0

    public init(cpuPermille: Int = 0, loopLagMicros: UInt64 = 0, behindScheduleMillis: UInt64 = 0, openFiles: Int = 0,
                openFilesLimit: Int = 0, portExhausted: Int = 0, runQueueWaitPermille: Int = 0) {
        self.runQueueWaitPermille = runQueueWaitPermille
        self.cpuPermille = cpuPermille
        self.loopLagMicros = loopLagMicros
        self.behindScheduleMillis = behindScheduleMillis
        self.openFiles = openFiles
        self.openFilesLimit = openFilesLimit
        self.portExhausted = portExhausted
    }
}

/// Where a generator second turns from fine to suspect (warn) and to saturated, in one place so
/// the progress line, summary.json, the report and docs/run-directory.md say the same.
///
/// A **saturated second** is a second in which at least one agent
/// - used ≥ 95% of one core (an event loop is one thread: at 100% it is reading late), or
/// - had a loop lag ≥ 250 ms (its 1 s timer fired that late: every socket waited as long), or
/// - waited ≥ 50% of the second runnable but not running (starved of CPU by other processes), or
/// - ran ≥ 500 ms behind its arrival schedule, or dropped arrivals as `behind-schedule`, or
/// - had a connect fail with EADDRNOTAVAIL (it ran out of local ports).
/// In such a second the delays and failures measured describe the generator, not the server.
public enum GeneratorLimits {
    public static let saturatedCPUPermille = 950
    public static let saturatedLagMicros: UInt64 = 250_000
    public static let saturatedBehindMillis: UInt64 = 500
    public static let saturatedRunQueueWaitPermille = 500
    /// The progress line shows `gen cpu … lag …` from these on (a warning, not yet saturation).
    public static let warnCPUPermille = 900
    public static let warnLagMicros: UInt64 = 100_000
    public static let warnBehindMillis: UInt64 = 100
    public static let warnRunQueueWaitPermille = 250
    /// Open files at or above this fraction of the limit raise a warning.
    public static let warnOpenFilesFraction = 0.9

    /// Whether one agent's second was saturated; `droppedBehind` and `newPortExhausted` are that
    /// second's increases of the `behind-schedule` drops and EADDRNOTAVAIL connects.
    public static func isSaturated(_ g: GeneratorSample, droppedBehind: Int, newPortExhausted: Int) -> Bool {
        g.cpuPermille >= saturatedCPUPermille || g.loopLagMicros >= saturatedLagMicros || g.runQueueWaitPermille >= saturatedRunQueueWaitPermille
            || g.behindScheduleMillis >= saturatedBehindMillis || droppedBehind > 0 || newPortExhausted > 0
    }

    /// Whether the progress line should show the generator's figures.
    public static func isWarning(_ g: GeneratorSample) -> Bool {
        g.cpuPermille >= warnCPUPermille || g.loopLagMicros >= warnLagMicros || g.behindScheduleMillis >= warnBehindMillis
            || g.runQueueWaitPermille >= warnRunQueueWaitPermille
    }
}
