import Foundation
import SwarmcastTestSupport
import Testing

/// Benchmarks/netns-shards.sh at small scale: swarm shards in their own network namespaces
/// (198.19.0.0/16, inside 198.18.0.0/15) against a server in another, merged. Needs root and the
/// swarm shard flags in the binary. Whatever happens, every namespace, veth and bridge of the
/// test's prefix is removed afterwards, and the test checks that none is left.
@Suite(.serialized)
struct NetnsShardTests {
    static let prefix = "swct"
    static var script: String { SwarmcastBinary.packageRoot.appendingPathComponent("Benchmarks/netns-shards.sh").path }
    static var lib: String { SwarmcastBinary.packageRoot.appendingPathComponent("deploy/netns/lib.sh").path }

    static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["NETNS_PREFIX"] = prefix
        env["NETNS_NET"] = "198.19"
        env["SWARMCAST_BINARY"] = SwarmcastBinary.path
        return env
    }

    /// Runs the harness (bounded), then removes whatever of the test's prefix is left, and
    /// records anything that was still there.
    static func harness(_ arguments: [String], out: URL) throws -> (status: Int32, output: String) {
        defer { cleanUp() }
        let p = try Subprocess([script] + arguments + ["--out", out.path], executable: "/bin/bash", environment: environment)
        let status = p.wait(timeout: 240)
        return (status, p.stdout + p.stderr)
    }

    static func cleanUp() {
        let left = try? Subprocess(["-c", ". \"$0\"; netns_leftovers; netns_destroy_all", lib], executable: "/bin/bash", environment: environment)
        _ = left?.wait(timeout: 60)
        let leftovers = left?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        #expect(leftovers.isEmpty, "the harness left namespaces or links behind: \(leftovers)")
    }

    static func mergedSummary(_ out: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: out.appendingPathComponent("merged/summary.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func twoShardsInTheirOwnNamespacesMergeToTheWholeAudience() throws {
        let out = SwarmEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try Self.harness(["--shards", "2", "--listeners", "600", "--ramp", "2s", "--hold", "8s"], out: out)
        #expect(r.status == 0, "netns-shards.sh exited \(r.status):\n\(r.output)")
        let s = try Self.mergedSummary(out)
        #expect(s["complete"] as? Bool == true, "\(s["incomplete_reasons"] ?? "")")
        let listeners = try #require(s["listeners"] as? [String: Any])
        #expect(listeners["target"] as? Int == 600)
        #expect(listeners["final"] as? Int == 600)
        #expect(r.output.contains("netns-shards merged: complete true"))
        for i in 0..<2 {
            let data = try Data(contentsOf: out.appendingPathComponent("shard-\(i)/summary.json"))
            let shard = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["shard"] as? [String: Any])
            #expect(shard["index"] as? Int == i)
            #expect(shard["count"] as? Int == 2)
        }
    }

    @Test func aKilledShardLeavesAnIncompleteMergeThatNamesIt() throws {
        let out = SwarmEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try Self.harness(["--shards", "2", "--listeners", "600", "--ramp", "2s", "--hold", "8s", "--kill-shard", "1@4"], out: out)
        #expect(r.status == 1, "an incomplete merge exits 1, got \(r.status):\n\(r.output)")
        #expect(r.output.contains("killing shard 1"))
        let s = try Self.mergedSummary(out)
        #expect(s["complete"] as? Bool == false)
        let reasons = (s["incomplete_reasons"] as? [String] ?? []).joined(separator: " ")
        #expect(reasons.contains("shard") && reasons.contains("1"), "the missing shard is named: \(reasons)")
    }

    @Test func theLibraryRemovesEverythingItMade() throws {
        // Without the shard flags too: namespaces on a bridge, a process inside, all removed.
        defer { Self.cleanUp() }
        let script = """
        set -e
        . "$0"
        netns_destroy_all
        netns_create_bridge
        netns_add a 198.19.1.1
        netns_add b 198.19.1.2
        netns_exec a sleep 30 &
        netns_exec b timeout 5 bash -c 'exec 3<>/dev/tcp/198.19.1.1/9 2>/dev/null; true'
        ip netns list | grep -c "^${NETNS_PREFIX}-"
        netns_destroy_all
        netns_leftovers | wc -l
        """
        let p = try Subprocess(["-c", script, Self.lib], executable: "/bin/bash", environment: Self.environment)
        let status = p.wait(timeout: 60)
        #expect(status == 0, "\(p.stderr)")
        let lines = p.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines == ["2", "0"], "two namespaces made, none left: \(p.stdout) \(p.stderr)")
    }
}
