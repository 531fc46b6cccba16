import Foundation
import SwarmcastDocs
import SwarmcastTestSupport
import Testing

/// Every relative link and anchor in README.md and docs/ resolves, as GitHub resolves them.
@Suite struct DocLinkTests {
    @Test func everyLinkInTheReadmeAndDocsResolves() {
        let root = SwarmcastBinary.packageRoot
        let pages = MarkdownLinks.pages(root: root)
        #expect(pages.contains("README.md") && pages.contains("docs/README.md"))
        let problems = MarkdownLinks.problems(root: root, pages: pages)
        #expect(problems.isEmpty, "dead links:\n\(problems.map(\.description).joined(separator: "\n"))")
    }

    @Test func slugsAreGitHubs() {
        #expect(MarkdownLinks.slug("The 8 million answer: `swarmcast plan`") == "the-8-million-answer-swarmcast-plan")
        #expect(MarkdownLinks.slug("Beyond one box: shards") == "beyond-one-box-shards")
        #expect(MarkdownLinks.slug("HLS and LL-HLS (RFC 8216)") == "hls-and-ll-hls-rfc-8216")
        #expect(MarkdownLinks.slug("[Linked](x.md) heading_1") == "linked-heading_1")
        #expect(MarkdownLinks.headingAnchors("# A\n## A\n```\n# not a heading\n```\n### A\n") == ["a", "a-1", "a-2"])
    }

    @Test func findsAMissingFileAndADeadAnchorButNotLinksInCode() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doclinks-\(getpid())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("docs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "# Guide\n## Start here\n".write(to: dir.appendingPathComponent("docs/guide.md"), atomically: true, encoding: .utf8)
        try """
        # Top
        [ok](docs/guide.md#start-here) [self](#top) [web](https://example.com/x#y)
        [gone](docs/missing.md) [dead](docs/guide.md#nowhere) `[code](docs/none.md)`
        ```
        [fenced](docs/none.md)
        ```
        """.write(to: dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let problems = MarkdownLinks.problems(root: dir, pages: MarkdownLinks.pages(root: dir))
        #expect(problems.map(\.target) == ["docs/missing.md", "docs/guide.md#nowhere"])
        #expect(problems.map(\.line) == [3, 3])
    }
}
