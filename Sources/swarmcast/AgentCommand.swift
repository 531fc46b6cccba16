import ArgumentParser
import Foundation
import SwarmcastLoop
import SwarmcastSwarm

/// `swarmcast agent`: one swarm agent process, started by the coordinator (not by people).
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run one swarm agent (started by `swarmcast swarm`; writes JSON snapshots to stdout).",
        shouldDisplay: false
    )

    @Option(help: "The agent's plan as JSON.")
    var plan: String

    func run() throws {
        // Die with the coordinator: an agent must never outlive the run that started it.
        if !ProcessLimits.dieWithParent() { throw CommandExit(code: 1, message: "agent: coordinator already gone") }
        ProcessLimits.raiseOpenFileLimit()
        signal(SIGPIPE, SIG_IGN)
        let decoded = try JSONDecoder().decode(AgentPlan.self, from: Data(plan.utf8))
        let encoder = JSONEncoder()
        let agent = try SwarmAgent(plan: decoded) { snapshot in
            guard var line = try? encoder.encode(snapshot) else { return }
            line.append(UInt8(ascii: "\n"))
            line.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(1, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { if errno == EINTR { continue }; return }
                    offset += n
                }
            }
        }
        agent.run()
    }
}
