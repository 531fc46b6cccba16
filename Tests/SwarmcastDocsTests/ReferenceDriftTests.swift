import Foundation
import SwarmcastTestSupport
import Testing

/// The committed reference pages are what the code writes: a setting, flag, scenario key,
/// threshold metric, Prometheus family or exit code changed without `make docs` fails here.
@Suite struct ReferenceDriftTests {
    @Test func committedReferencePagesMatchWhatTheCodeGenerates() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("reference-\(getpid())")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try SwarmcastBinary.run(["docs", "--out", out.path], timeout: 60)
        #expect(result.status == 0, "swarmcast docs failed: \(result.stderr)")
        let committed = SwarmcastBinary.packageRoot.appendingPathComponent("docs/reference")
        let fm = FileManager.default
        let generated = try fm.contentsOfDirectory(atPath: out.path).sorted()
        let present = ((try? fm.contentsOfDirectory(atPath: committed.path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        #expect(present == generated, "docs/reference has \(present), the code writes \(generated): run `make docs`")
        for name in generated {
            let want = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            let have = (try? String(contentsOf: committed.appendingPathComponent(name), encoding: .utf8)) ?? ""
            let same = have == want
            #expect(same, "docs/reference/\(name) differs from what the code generates: run `make docs`\(Self.firstDifference(have, want))")
        }
    }

    /// Where two texts first differ, for the failure message.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let la = a.components(separatedBy: "\n"), lb = b.components(separatedBy: "\n")
        for i in 0..<max(la.count, lb.count) where (i < la.count ? la[i] : nil) != (i < lb.count ? lb[i] : nil) {
            return " (line \(i + 1): committed \"\(i < la.count ? la[i] : "")\", generated \"\(i < lb.count ? lb[i] : "")\")"
        }
        return ""
    }
}
