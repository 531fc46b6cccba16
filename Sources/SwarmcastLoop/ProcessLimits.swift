#if canImport(Glibc)
import Glibc
#endif
import CLibevent

/// Per-process resource limits that a many-socket process must set for itself.
public enum ProcessLimits {
    /// Raises the soft open-files limit to the hard limit and returns the result, because shells
    /// start processes at 1,024 while the hard cap here is 20,000.
    @discardableResult
    public static func raiseOpenFileLimit() -> (soft: UInt64, hard: UInt64) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return (0, 0) }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return (UInt64(limit.rlim_cur), UInt64(limit.rlim_max))
    }

    /// Resident set size of this process in bytes (from /proc/self/statm), or 0 if unreadable.
    public static func residentBytes() -> UInt64 {
        guard let f = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(f) }
        var size: UInt = 0, resident: UInt = 0
        guard withVaList([withUnsafeMutablePointer(to: &size) { $0 }, withUnsafeMutablePointer(to: &resident) { $0 }], { vfscanf(f, "%lu %lu", $0) }) == 2 else { return 0 }
        return UInt64(resident) * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Set by `ChildProcess` in every child's environment: the process id of its parent.
    public static let parentPIDVariable = "SWARMCAST_PARENT_PID"

    /// Asks the kernel to send `signal` to this process when its parent dies, so a child never
    /// outlives the run that started it; returns false when the parent is already gone (we were
    /// reparented before asking). The parent is the one `ChildProcess` named; without that
    /// (started some other way), being reparented to process 1 means it is gone. In a container
    /// the coordinator is often process 1 itself, which is why the name is passed.
    public static func dieWithParent(signal: Int32 = SIGTERM) -> Bool {
        _ = swarmcast_set_parent_death_signal(signal)
        if let named = getenv(parentPIDVariable).flatMap({ pid_t(String(cString: $0)) }) { return getppid() == named }
        return getppid() != 1
    }

    /// CPU seconds (user + system) this process has used.
    public static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
