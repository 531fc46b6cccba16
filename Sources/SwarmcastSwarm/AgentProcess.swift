import Foundation
import SwarmcastLoop

/// A swarm agent running as a child process, its snapshots arriving on a socket pair.
final class AgentProcess {
    let index: Int
    let process: ChildProcess
    /// The coordinator's end of the socket pair (the agent's stdout).
    let channelFD: Int32

    /// Starts `executable agent --plan JSON` with stdout connected to a new socket pair.
    init(index: Int, executable: String, plan: AgentPlan) throws {
        self.index = index
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, 1 | 0o2000000 /* SOCK_STREAM | SOCK_CLOEXEC */, 0, &fds) == 0 else {
            throw LoopError.systemCall(function: "socketpair", errno: errno)
        }
        let json = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        defer { close(fds[1]) }
        do {
            process = try ChildProcess(arguments: [executable, "agent", "--plan", json], stdoutFD: fds[1])
        } catch {
            close(fds[0])
            throw error
        }
        channelFD = fds[0]
        _ = fcntl(channelFD, F_SETFL, fcntl(channelFD, F_GETFL) | O_NONBLOCK)
    }

    func signal(_ sig: Int32) { process.signal(sig) }
    @discardableResult func reap(blocking: Bool = false) -> Bool { process.reap(blocking: blocking) }
    var exitDescription: String { process.exitDescription }
}
