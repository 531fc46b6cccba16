import Foundation
import SwarmcastTestSupport
import Testing
import Yams

/// deploy/kubernetes: renders the kustomize base with `kubectl kustomize`, validates it with
/// `kubernetes-validate --strict` against a current Kubernetes, and checks the contract the
/// swarm shards rely on. Both tools are required (scripts/setup.sh installs them): a missing
/// tool fails the test instead of skipping it.
@Suite(.serialized)
struct KubernetesManifestTests {
    /// Indexed Job fields such as backoffLimitPerIndex and maxFailedIndexes are GA from 1.33 and
    /// present since 1.29; validate against a current release.
    static let kubernetesVersion = "1.33.0"

    static var base: URL { SwarmcastBinary.packageRoot.appendingPathComponent("deploy/kubernetes") }

    /// The absolute path of `tool` on PATH (posix_spawn does not search it).
    static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        var dirs = path.split(separator: ":").map(String.init)
        dirs += ["/usr/local/bin", "/usr/bin", "/root/.local/bin", "/root/.pyenv/shims"]
        for dir in dirs where FileManager.default.isExecutableFile(atPath: dir + "/" + tool) { return dir + "/" + tool }
        return nil
    }

    static func tool(_ name: String) throws -> String {
        guard let path = which(name) else {
            Issue.record("\(name) is not installed: run scripts/setup.sh (it installs kubectl and kubernetes-validate)")
            throw KubernetesTestError.missingTool(name)
        }
        return path
    }

    /// `kubectl kustomize deploy/kubernetes`.
    static func render() throws -> String {
        let kubectl = try tool("kubectl")
        let p = try Subprocess(["kustomize", base.path], executable: kubectl)
        let status = p.wait(timeout: 60)
        guard status == 0 else {
            Issue.record("kubectl kustomize failed (\(status)): \(p.stderr)")
            throw KubernetesTestError.renderFailed
        }
        return p.stdout
    }

    /// The rendered documents as dictionaries, by "Kind/name" (generated ConfigMaps by their
    /// name without kustomize's hash suffix).
    static func documents(_ yaml: String) throws -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for case let doc as [String: Any] in try Yams.load_all(yaml: yaml) {
            let kind = doc["kind"] as? String ?? "?"
            var name = (doc["metadata"] as? [String: Any])?["name"] as? String ?? "?"
            if kind == "ConfigMap", let dash = name.lastIndex(of: "-") { name = String(name[..<dash]) }
            out["\(kind)/\(name)"] = doc
        }
        return out
    }

    @Test func theBaseRendersAndValidatesStrictly() throws {
        let validate = try Self.tool("kubernetes-validate")
        let yaml = try Self.render()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("swarmcast-k8s-\(getpid()).yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = try Subprocess(["--strict", "--kubernetes-version", Self.kubernetesVersion, "--no-warn", file.path], executable: validate)
        let status = p.wait(timeout: 120)
        #expect(status == 0, "kubernetes-validate --strict: \(p.stdout)\n\(p.stderr)")
        let docs = try Self.documents(yaml)
        for kind in ["Namespace/swarmcast", "Deployment/swarmcast-origin", "Service/swarmcast-origin", "Deployment/swarmcast-edge",
                     "Service/swarmcast-listeners", "Service/swarmcast-edges", "PersistentVolumeClaim/swarmcast-results",
                     "ConfigMap/swarmcast-scenario", "ConfigMap/swarmcast-run", "Job/swarmcast-swarm", "Job/swarmcast-merge"] {
            #expect(docs[kind] != nil, "\(kind) is rendered")
        }
    }

    @Test func theSwarmJobKeepsTheShardContract() throws {
        let docs = try Self.documents(try Self.render())
        let job = try #require(docs["Job/swarmcast-swarm"])
        let spec = try #require(job["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        let completions = try #require(spec["completions"] as? Int)
        #expect(spec["parallelism"] as? Int == completions)
        #expect(spec["backoffLimitPerIndex"] as? Int == 0)
        #expect(spec["maxFailedIndexes"] as? Int == 0)
        let rules = (spec["podFailurePolicy"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
        #expect(!rules.isEmpty, "a podFailurePolicy")
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        #expect(pod["restartPolicy"] as? String == "Never")
        let sysctls = (pod["securityContext"] as? [String: Any])?["sysctls"] as? [[String: Any]] ?? []
        #expect(sysctls.contains { $0["name"] as? String == "net.ipv4.ip_local_port_range" })
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let env = Self.env(container)
        #expect(env["SWARMCAST_SHARDS"] == String(completions), "SWARMCAST_SHARDS == completions == parallelism")
        #expect(env["SWARMCAST_START_AT"] == "configMap:swarmcast-run:SWARMCAST_START_AT")
        let args = Self.commandLine(container)
        #expect(args.contains("run") && args.contains("/etc/swarmcast/scenario.yaml"))
        let out = try #require(args.firstIndex(of: "--out").map { args[$0 + 1] })
        #expect(out.hasPrefix("/results/") && out.contains("$(JOB_COMPLETION_INDEX)"), "one results folder per index: \(out)")
        #expect(Self.mounts(container)["/results"] == "results")
        #expect(Self.mounts(container)["/etc/swarmcast"] == "scenario")
        #expect(Self.volumeSources(pod)["scenario"]?.hasPrefix("configMap:swarmcast-scenario-") == true, "the scenario ConfigMap (generated name) is mounted")
        #expect(Self.volumeSources(pod)["results"] == "pvc:swarmcast-results")

        let pvc = try #require(docs["PersistentVolumeClaim/swarmcast-results"])
        #expect(((pvc["spec"] as? [String: Any])?["accessModes"] as? [String]) == ["ReadWriteMany"])
    }

    @Test func theMergeJobMergesEveryShardAndJudgesTheScenario() throws {
        let docs = try Self.documents(try Self.render())
        let swarm = try #require((docs["Job/swarmcast-swarm"]?["spec"] as? [String: Any])?["completions"] as? Int)
        let job = try #require(docs["Job/swarmcast-merge"])
        let pod = try #require(((job["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])
        #expect(pod["restartPolicy"] as? String == "Never")
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        #expect(Self.env(container)["SWARMCAST_SHARDS"] == String(swarm), "the merge waits for as many shards as the swarm runs")
        let script = Self.commandLine(container).joined(separator: " ")
        #expect(script.contains("swarmcast merge") && script.contains("--scenario /etc/swarmcast/scenario.yaml") && script.contains("--out"))
        #expect(script.contains("summary.json") && script.contains("deadline"), "waits for the shards' summaries, bounded")
        #expect(Self.volumeSources(pod)["scenario"]?.hasPrefix("configMap:swarmcast-scenario-") == true)
        #expect(Self.volumeSources(pod)["results"] == "pvc:swarmcast-results")
    }

    @Test func theServerIsOneOriginAndScalableEdges() throws {
        let docs = try Self.documents(try Self.render())
        let origin = try #require(docs["Deployment/swarmcast-origin"]?["spec"] as? [String: Any])
        #expect(origin["replicas"] as? Int == 1)
        let edge = try #require(docs["Deployment/swarmcast-edge"])
        let edgeContainer = try #require(((((edge["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])?["containers"] as? [[String: Any]])?.first)
        let edgeCommand = Self.commandLine(edgeContainer).joined(separator: " ")
        #expect(edgeCommand.contains("swarmcast serve --edge-of") && edgeCommand.contains("--listen 0.0.0.0:7400"))
        let headless = try #require(docs["Service/swarmcast-edges"]?["spec"] as? [String: Any])
        #expect(headless["clusterIP"] as? String == "None")
    }

    @Test func theScenarioConfigMapIsTheShippedScenario() throws {
        let docs = try Self.documents(try Self.render())
        let data = try #require(docs["ConfigMap/swarmcast-scenario"]?["data"] as? [String: Any])
        let shipped = try String(contentsOf: SwarmcastBinary.packageRoot.appendingPathComponent("Configs/k8s-shards.yaml"), encoding: .utf8)
        #expect(data["scenario.yaml"] as? String == shipped, "deploy/kubernetes/scenario.yaml must equal Configs/k8s-shards.yaml")
        let scenario = try #require(try Yams.load(yaml: shipped) as? [String: Any])
        #expect((scenario["server"] as? [String: Any])?["start"] as? Bool == false)
        #expect((scenario["listeners"] as? [String: Any])?["reconnect"] as? Bool == true)
    }

    // MARK: - helpers

    /// env name -> literal value, or "configMap:NAME:KEY" (generated names without their hash).
    static func env(_ container: [String: Any]) -> [String: String] {
        var out: [String: String] = [:]
        for e in container["env"] as? [[String: Any]] ?? [] {
            guard let name = e["name"] as? String else { continue }
            if let value = e["value"] as? String { out[name] = value }
            if let ref = (e["valueFrom"] as? [String: Any])?["configMapKeyRef"] as? [String: Any],
               var map = ref["name"] as? String, let key = ref["key"] as? String {
                if let dash = map.lastIndex(of: "-") { map = String(map[..<dash]) }
                out[name] = "configMap:\(map):\(key)"
            }
        }
        return out
    }

    static func commandLine(_ container: [String: Any]) -> [String] {
        (container["command"] as? [String] ?? []) + (container["args"] as? [String] ?? [])
    }

    static func mounts(_ container: [String: Any]) -> [String: String] {
        var out: [String: String] = [:]
        for m in container["volumeMounts"] as? [[String: Any]] ?? [] {
            if let path = m["mountPath"] as? String, let name = m["name"] as? String { out[path] = name }
        }
        return out
    }

    static func volumeSources(_ pod: [String: Any]) -> [String: String] {
        var out: [String: String] = [:]
        for v in pod["volumes"] as? [[String: Any]] ?? [] {
            guard let name = v["name"] as? String else { continue }
            if let cm = (v["configMap"] as? [String: Any])?["name"] as? String { out[name] = "configMap:\(cm)" }
            if let claim = (v["persistentVolumeClaim"] as? [String: Any])?["claimName"] as? String { out[name] = "pvc:\(claim)" }
        }
        return out
    }
}

enum KubernetesTestError: Error {
    case missingTool(String)
    case renderFailed
}
