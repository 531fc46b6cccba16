import ArgumentParser
import Foundation
import SwarmcastReport
import SwarmcastLoop
import SwarmcastMeasure
import SwarmcastSwarm

/// `swarmcast agent`: one swarm agent process, started by the coordinator (not by people).
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run one swarm agent (started by `swarmcast swarm`; writes binary snapshot records to stdout).",
        shouldDisplay: false
    )

    @Option(help: "The agent's plan as JSON.")
    var plan: String

    func run() throws {
        // Die with the coordinator: an agent must never outlive the run that started it.
        if !ProcessLimits.dieWithParent() { throw CommandExit(.failure, message: "agent: coordinator already gone") }
        ProcessLimits.raiseOpenFileLimit()
        signal(SIGPIPE, SIG_IGN)
        let decoded = try JSONDecoder().decode(AgentPlan.self, from: Data(plan.utf8))
        let pipe = AgentPipeWriter(fd: 1)
        let agent = try SwarmAgent(plan: decoded) { snapshot in pipe.write(snapshot) }
        agent.run()
    }
}
