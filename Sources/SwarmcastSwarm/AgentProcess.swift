import Foundation
import SwarmcastLoop

/// A swarm agent running as a child process, its snapshots arriving on a socket pair.
final class AgentProcess {
    let index: Int
    let pid: pid_t
    /// The coordinator's end of the socket pair (the agent's stdout).
    let channelFD: Int32
    private(set) var exitStatus: Int32?

    /// Starts `executable agent --plan JSON` with stdout connected to a new socket pair.
    init(index: Int, executable: String, plan: AgentPlan) throws {
        self.index = index
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw LoopError.systemCall(function: "socketpair", errno: errno)
        }
        let json = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        let args = [executable, "agent", "--plan", json]
        let argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(fds[1])
        guard rc == 0 else {
            close(fds[0])
            throw LoopError.systemCall(function: "posix_spawn \(executable)", errno: rc)
        }
        self.pid = pid
        channelFD = fds[0]
        _ = fcntl(channelFD, F_SETFL, fcntl(channelFD, F_GETFL) | O_NONBLOCK)
    }

    func signal(_ sig: Int32) {
        if exitStatus == nil { kill(pid, sig) }
    }

    /// Reaps the process if it has exited; true once reaped.
    @discardableResult
    func reap(blocking: Bool = false) -> Bool {
        if exitStatus != nil { return true }
        var status: Int32 = 0
        let r = waitpid(pid, &status, blocking ? 0 : WNOHANG)
        if r == pid { exitStatus = status; return true }
        if r == -1 && errno == ECHILD { exitStatus = -1; return true }
        return false
    }

    /// "exit 0", "signal 9", ... for reports.
    var exitDescription: String {
        guard let s = exitStatus else { return "running" }
        if s == -1 { return "unknown" }
        let signal = s & 0x7F
        return signal == 0 ? "exit \((s >> 8) & 0xFF)" : "signal \(signal)"
    }
}
