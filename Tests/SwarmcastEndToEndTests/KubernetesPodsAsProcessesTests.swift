import Foundation
import SwarmcastLoop
import SwarmcastReport
import SwarmcastTestSupport
import Testing

/// The rendered manifests run: `kubectl kustomize deploy/kubernetes`, then
/// deploy/kubernetes/run-as-processes.py runs the Indexed Job's pods as processes with the env,
/// command and args read from the rendered YAML (JOB_COMPLETION_INDEX per pod, the ConfigMap's
/// scenario mounted at /etc/swarmcast, the results volume at /results, the listeners' Service
/// name resolving to a loopback address where a real server listens on the Service's port), then
/// the merge Job's pod. The merged result must be complete, with every shard and every listener.
@Suite(.serialized)
struct KubernetesPodsAsProcessesTests {
    @Test(.enabled(if: getuid() == 0, "needs root: each pod gets its own mount namespace"), .timeLimit(.minutes(3)))
    func theRenderedIndexedJobRunsAndMerges() throws {
        let rendered = try KubernetesManifestTests.render()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("swarmcast-k8s-pods-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try rendered.write(to: work.appendingPathComponent("rendered.yaml"), atomically: true, encoding: .utf8)
        // The Service's own port (7400 in server.yaml) on an address of its own: what cluster
        // DNS and the Service would give the pods.
        let service = "127.0.0.\(50 + getpid() % 150)"
        let server = try ServerProcess(listen: SocketAddress(host: service, port: 7400),
                                       metrics: SocketAddress(host: service, port: ServerProcess.freePort()), ["--max-connections-per-address", "0"])
        defer { server.stop() }
        let shipped = try String(contentsOf: SwarmcastBinary.packageRoot.appendingPathComponent("Configs/k8s-shards.yaml"), encoding: .utf8)
        try ContainerImageTests.small(shipped, listeners: 200).write(to: work.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        let startAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(8))
        let script = SwarmcastBinary.packageRoot.appendingPathComponent("deploy/kubernetes/run-as-processes.py").path
        let run = try Subprocess([script, "--binary", SwarmcastBinary.path, "--work", work.path, "--service-address", service,
                                  "--rendered", work.appendingPathComponent("rendered.yaml").path,
                                  "--scenario", work.appendingPathComponent("scenario.yaml").path,
                                  "--set", "SWARMCAST_START_AT=\(startAt)", "--set", "SWARMCAST_RUN=sim", "--timeout", "90"],
                                 executable: "/usr/bin/python3")
        let status = run.wait(timeout: 150)
        #expect(status == 0, "run-as-processes exited \(status): \(run.stderr.suffix(1500))")
        #expect(run.stderr.contains("4 swarm pods (Indexed Job, completions 4)"), "\(run.stderr)")
        let summary = try RunWriter.readSummary(work.appendingPathComponent("results/sim/merged/summary.json"))
        #expect(summary.complete, "\(summary.incompleteReasons)")
        #expect(summary.shards?.map(\.index) == [0, 1, 2, 3])
        #expect(summary.listeners.target == 200 && summary.listeners.final == 200)
        #expect(summary.thresholds.allSatisfy(\.passed) && !summary.thresholds.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/results") || (try? FileManager.default.contentsOfDirectory(atPath: "/results"))?.isEmpty == true)
    }
}
