import Foundation
import SwarmcastTestSupport
import Testing

/// The shape the docs promise: a short README that tells the truth about CI, and a guide whose
/// every task page starts with the command a user types and is reachable from the index.
@Suite struct GuideShapeTests {
    static let root = SwarmcastBinary.packageRoot
    /// Pages of docs/ that are not tasks: the index, the wire spec and the list of limits.
    static let notTasks: Set<String> = ["README.md", "PROTOCOL.md", "limits.md"]

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static var guidePages: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? [])
            .filter { $0.hasSuffix(".md") }.sorted()
    }

    @Test func readmeIsShortAndSaysWhatCIRuns() throws {
        let readme = try Self.read("README.md")
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines <= 250, "README.md has \(lines) lines; move detail into docs/")
        #expect(readme.contains("make demo") && readme.contains("make test"))
        #expect(readme.contains("CI runs `.ci/run`, which is `scripts/setup.sh` and `make test`"))
        let ci = try Self.read(".ci/run").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(ci.contains("scripts/setup.sh") && ci.last(where: { !$0.isEmpty }) == "make test", ".ci/run no longer does what the README says")
    }

    @Test func everyTaskPageStartsWithACommand() throws {
        let tasks = Self.guidePages.filter { !Self.notTasks.contains($0) }
        #expect(tasks.count >= 12)
        for page in tasks {
            let body = try Self.read("docs/" + page).split(separator: "\n").dropFirst()
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("<!--") }
            #expect(body.first == "```sh", "docs/\(page) must start (after its title) with the command a user types, in a ```sh block")
        }
    }

    @Test func theIndexLinksEveryPage() throws {
        let index = try Self.read("docs/README.md")
        for page in Self.guidePages where page != "README.md" {
            #expect(index.contains("](\(page))"), "docs/README.md does not link docs/\(page)")
        }
    }
}
