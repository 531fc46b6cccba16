import ArgumentParser
import Foundation
import SwarmcastReport

/// The `swarmcast` command: a live-audio broadcast server and the swarm that loads it.
///
/// Exit codes: `ExitStatus` (SwarmcastReport).
@main
struct Swarmcast: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarmcast",
        abstract: "Load-test a live-audio broadcast: serve rooms, swarm them with listeners, report what listeners felt.",
        discussion: ExitStatus.helpLine,
        subcommands: [RunCommand.self, ServeCommand.self, SwarmCommand.self, ValidateCommand.self, MergeCommand.self, CompareCommand.self, BaselineCommand.self, TuneCommand.self, TokenCommand.self, AgentCommand.self, PlanCommand.self, DocsCommand.self]
    )

    /// Parses, runs, and maps failures to Swarmcast's exit codes (argument-parser's usage code 64
    /// becomes 2, as scripts written against k6-style tools expect).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as CommandExit {
            if !exit.message.isEmpty { FileHandle.standardError.write(Data((exit.message + "\n").utf8)) }
            Foundation.exit(exit.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success { self.exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data(("Error: " + message.replacingOccurrences(of: "Error: ", with: "") + "\n").utf8)) }
            Foundation.exit(code == .validationFailure ? ExitStatus.badInput.rawValue : ExitStatus.failure.rawValue)
        }
    }
}

/// Ends the command with a specific exit code (99 for failed thresholds, 1 for an incomplete run).
struct CommandExit: Error {
    let code: Int32
    let message: String

    init(_ status: ExitStatus, message: String) {
        code = status.rawValue
        self.message = message
    }

    /// A child's own exit code passed on (`serve` ending with its server's status).
    init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }
}
