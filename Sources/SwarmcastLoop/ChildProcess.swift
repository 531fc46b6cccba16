import CLibevent
import Foundation

/// A child process started with posix_spawn: swarm agents, the server `run` starts, edge workers.
public final class ChildProcess {
    public let pid: pid_t
    public private(set) var exitStatus: Int32?

    /// Starts `arguments[0]` with `arguments`; `stdoutFD` and `stderrFD` become its stdout and
    /// stderr; `environment` replaces the inherited one when given; `ownProcessGroup` keeps a
    /// terminal's Ctrl-C from reaching it (its parent stops it in order instead). The child gets
    /// descriptors 0, 1 and 2 and nothing else, so no pipe or socket of ours outlives us in it.
    public init(arguments: [String], stdoutFD: Int32? = nil, stderrFD: Int32? = nil,
                environment: [String: String]? = nil, ownProcessGroup: Bool = false) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdoutFD { posix_spawn_file_actions_adddup2(&actions, stdoutFD, 1) }
        if let stderrFD { posix_spawn_file_actions_adddup2(&actions, stderrFD, 2) }
        swarmcast_spawn_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if ownProcessGroup {
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        // The child learns who its parent is (ProcessLimits.dieWithParent checks it): in a
        // container the parent may be process 1, so "reparented to 1" cannot mean "parent gone".
        var variables = environment ?? ProcessInfo.processInfo.environment
        variables[ProcessLimits.parentPIDVariable] = String(getpid())
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for e in envp { free(e) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard rc == 0 else { throw LoopError.systemCall(function: "posix_spawn \(arguments[0])", errno: rc) }
        self.pid = pid
    }

    public func signal(_ sig: Int32) {
        if exitStatus == nil { kill(pid, sig) }
    }

    /// Reaps the process if it has exited; true once reaped.
    @discardableResult
    public func reap(blocking: Bool = false) -> Bool {
        if exitStatus != nil { return true }
        var status: Int32 = 0
        let r = waitpid(pid, &status, blocking ? 0 : WNOHANG)
        if r == pid { exitStatus = status; return true }
        if r == -1 && errno == ECHILD { exitStatus = -1; return true }
        return false
    }

    /// Waits up to `grace` for the process to exit after `sig`, then kills it.
    public func stop(_ sig: Int32 = SIGTERM, grace: Duration = .seconds(5)) {
        signal(sig)
        if !waitForExit(timeout: grace) {
            signal(SIGKILL)
            reap(blocking: true)
        }
    }

    public var isRunning: Bool { !reap() }

    /// Waits up to `timeout` for the process to exit; true once it has.
    public func waitForExit(timeout: Duration) -> Bool {
        let deadline = WallClock.monotonicNanos() + timeout.nanosecondsValue
        while !reap() {
            if WallClock.monotonicNanos() > deadline { return false }
            usleep(5_000)
        }
        return true
    }

    /// How the process ended, from its wait status: an exit code or the signal that ended it;
    /// nil while running or when the status is unknown.
    private var ending: (code: Int32, signal: Int32)? {
        guard let s = exitStatus, s != -1 else { return nil }
        return ((s >> 8) & 0xFF, s & 0x7F)
    }

    /// The exit code, or 128 + the signal that ended it (as a shell reports it); nil while
    /// running, -1 when unknown.
    public var exitCode: Int32? {
        guard exitStatus != nil else { return nil }
        guard let ending else { return -1 }
        return ending.signal == 0 ? ending.code : 128 + ending.signal
    }

    /// A pipe whose ends close on exec: only the end handed to a child as stdout/stderr crosses.
    public static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard swarmcast_pipe_cloexec(&fds) == 0 else { throw LoopError.systemCall(function: "pipe2", errno: errno) }
        return (fds[0], fds[1])
    }

    /// "exit 0", "signal 9", ... for reports.
    public var exitDescription: String {
        guard exitStatus != nil else { return "running" }
        guard let ending else { return "unknown" }
        return ending.signal == 0 ? "exit \(ending.code)" : "signal \(ending.signal)"
    }

    /// CPU seconds (user + system) and resident bytes of the process and its children (edge
    /// workers), from /proc.
    public var usage: (cpuSeconds: Double, residentBytes: UInt64)? {
        guard var total = Self.usage(of: pid) else { return nil }
        for child in Self.children(of: pid) {
            if let u = Self.usage(of: child) { total.cpuSeconds += u.cpuSeconds; total.residentBytes += u.residentBytes }
        }
        return total
    }

    /// Processes whose parent is `pid`.
    public static func children(of pid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { name in
            guard let child = pid_t(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == pid ? child : nil
        }
    }

    static func usage(of pid: pid_t) -> (cpuSeconds: Double, residentBytes: UInt64)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command name: state is field 3, utime 14, stime 15, rss 24 (1-based in proc(5)).
        guard fields.count > 21, let utime = Double(fields[11]), let stime = Double(fields[12]), let rss = UInt64(fields[21]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ((utime + stime) / ticks, rss * UInt64(sysconf(Int32(_SC_PAGESIZE))))
    }
}
