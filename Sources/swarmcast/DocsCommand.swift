import ArgumentParser
import Foundation
import SwarmcastDocs

/// `swarmcast docs --out docs/reference` (hidden; `make docs`): writes the reference pages from
/// the declarations. The commands' help is collected here, where the ArgumentParser types live;
/// everything else is read and written by SwarmcastDocs.
struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Write the reference pages (commands, settings, scenario keys, thresholds, metrics, exit codes) from the code.",
        shouldDisplay: false
    )

    /// Help is written at this width whatever the terminal, so the pages are the same everywhere.
    static let columns = 100

    @Option(help: "Directory to write the pages into.")
    var out = "docs/reference"

    func run() throws {
        let written = try ReferencePages.write(commands: Self.commandHelp(), to: URL(fileURLWithPath: out))
        print("wrote \(written.count) pages to \(out)/: \(written.joined(separator: ", "))")
    }

    /// Every command users see, in the order of `swarmcast --help`, subcommands after their parent.
    static func commandHelp() -> [CommandHelp] {
        func walk(_ command: ParsableCommand.Type, path: [String]) -> [CommandHelp] {
            let configuration = command.configuration
            guard configuration.shouldDisplay else { return [] }
            let name = (path + [command._commandName]).joined(separator: " ")
            let own = CommandHelp(name: name, abstract: configuration.abstract,
                                  text: Swarmcast.helpMessage(for: command, columns: columns))
            return [own] + configuration.subcommands.flatMap { walk($0, path: path + [command._commandName]) }
        }
        return Swarmcast.configuration.subcommands.flatMap { walk($0, path: []) }
    }
}
