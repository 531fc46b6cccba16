import Foundation
import SwarmcastTestSupport
import Testing

/// deploy/image: the offline image (FROM scratch, deploy/image/build-offline.sh) built and run by
/// a real engine: a private dockerd (deploy/image/engine.sh: vfs, no iptables, no default bridge)
/// in a temporary directory, a user-defined network on 198.18.251.0/24, `serve` in one container,
/// two `run --shard I/2` containers against it and `merge --scenario` in a third; the merged run
/// must be complete with every listener. Cancelled (skipped, with the reason) where no engine can
/// start. Containers, network, image and the daemon are removed afterwards, also on failure.
@Suite(.serialized)
struct ContainerImageTests {
    static let subnet = "198.18.251.0/24", serverIP = "198.18.251.10"
    static var root: URL { SwarmcastBinary.packageRoot }

    /// The binary to put in the image: the release build when there is one (what `make image`
    /// uses), else the one the tests run.
    static var binary: String {
        let release = Self.root.appendingPathComponent(".build/release/swarmcast").path
        return FileManager.default.isExecutableFile(atPath: release) ? release : SwarmcastBinary.path
    }

    @Test(.enabled(if: getuid() == 0, "needs root: it starts its own dockerd"), .timeLimit(.minutes(5)))
    func shardsInContainersMergeToTheWholeAudience() throws {
        let id = "swct-\(getpid())"
        let state = "/tmp/swarmcast-engine-\(id)"
        let engine = Self.root.appendingPathComponent("deploy/image/engine.sh").path
        let start = try Subprocess(["start", state, "--bridge-none"], executable: engine)
        guard start.wait(timeout: 120) == 0, let host = start.stdout.split(separator: "\n").last.map(String.init),
              host.hasPrefix("DOCKER_HOST=") else {
            _ = try? Subprocess(["stop", state, "--purge"], executable: engine).wait(timeout: 60)
            try Test.cancel("no container engine could start: deploy/image/engine.sh start exited \(start.wait(timeout: 1)): \(start.stderr)")
        }
        var env = ProcessInfo.processInfo.environment
        env["DOCKER_HOST"] = String(host.dropFirst("DOCKER_HOST=".count))
        let image = "swarmcast-test:\(id)", network = "\(id)-net"
        let containers = ["\(id)-serve", "\(id)-shard-0", "\(id)-shard-1", "\(id)-merge"]
        func docker(_ args: [String], timeout: TimeInterval = 60) throws -> (status: Int32, out: String, err: String) {
            let p = try Subprocess(args, executable: "/usr/bin/docker", environment: env)
            let status = p.wait(timeout: timeout)
            return (status, p.stdout, p.stderr)
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("swarmcast-containers-\(id)")
        defer {
            _ = try? docker(["rm", "-f"] + containers)
            _ = try? docker(["network", "rm", network])
            _ = try? docker(["image", "rm", "-f", image])
            let stop = try? Subprocess(["stop", state, "--purge"], executable: engine)
            #expect(stop?.wait(timeout: 90) == 0, "engine.sh stop: \(stop?.stderr ?? "")")
            #expect(!FileManager.default.fileExists(atPath: state), "the engine's state directory is removed")
            try? FileManager.default.removeItem(at: work)
        }

        let build = try Subprocess(["--binary", Self.binary, "--tag", image], executable: Self.root.appendingPathComponent("deploy/image/build-offline.sh").path,
                                   environment: env)
        let built = build.wait(timeout: 180)
        try #require(built == 0, "build-offline.sh exited \(built): \(build.stderr)")
        #expect(build.stderr.contains("serve in the image answers /health: ok"), "\(build.stderr)")
        let size = try docker(["image", "inspect", "-f", "{{.Size}}", image])
        print("ContainerImageTests: \(image) is \(size.out.trimmingCharacters(in: .whitespacesAndNewlines)) bytes")

        let net = try docker(["network", "create", "--driver", "bridge", "--subnet", Self.subnet, network])
        try #require(net.status == 0, "docker network create: \(net.err)")

        // The shipped sharded scenario, made small: 300 listeners, 2 s ramp, 4 s hold.
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        chmod(work.path, 0o777)   // the image runs as uid 10001
        let shipped = try String(contentsOf: Self.root.appendingPathComponent("Configs/k8s-shards.yaml"), encoding: .utf8)
        let scenario = try Self.small(shipped, listeners: 300)
        try scenario.write(to: work.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        chmod(work.appendingPathComponent("scenario.yaml").path, 0o644)

        let serve = try docker(["run", "-d", "--name", containers[0], "--network", network, "--ip", Self.serverIP, image,
                                "swarmcast", "serve", "--listen", "0.0.0.0:7400", "--metrics", "0.0.0.0:9400", "--max-connections-per-address=0"])
        try #require(serve.status == 0, "docker run serve: \(serve.err)")
        var healthy = false
        for _ in 0..<40 where !healthy {
            let h = try docker(["exec", containers[0], "sh", "-c", "printf 'GET /health HTTP/1.0\\r\\n\\r\\n' | nc -w 2 127.0.0.1 9400"], timeout: 10)
            healthy = h.out.hasSuffix("ok\n") || h.out.hasSuffix("ok")
            if !healthy { usleep(250_000) }
        }
        try #require(healthy, "serve in its container answers /health")

        let startAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(8))
        for i in 0..<2 {
            let shard = try docker(["run", "-d", "--name", containers[1 + i], "--network", network, "-v", "\(work.path):/work", image,
                                    "swarmcast", "run", "/work/scenario.yaml", "--shard", "\(i)/2", "--server", "\(Self.serverIP):7400",
                                    "--start-at", startAt, "--out", "/work/shard-\(i)", "--progress", "plain"])
            try #require(shard.status == 0, "docker run shard \(i): \(shard.err)")
        }
        for i in 0..<2 {
            let wait = try docker(["wait", containers[1 + i]], timeout: 90)
            let logs = try docker(["logs", "--tail", "20", containers[1 + i]])
            #expect(wait.out.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "shard \(i) exited \(wait.out): \(logs.out)\(logs.err)")
        }
        let merge = try docker(["run", "--name", containers[3], "--network", "none", "-v", "\(work.path):/work", image,
                                "swarmcast", "merge", "/work/shard-0", "/work/shard-1", "--out", "/work/merged", "--scenario", "/work/scenario.yaml"], timeout: 60)
        #expect(merge.status == 0, "merge in its container exited \(merge.status): \(merge.out)\(merge.err)")
        let data = try Data(contentsOf: work.appendingPathComponent("merged/summary.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(summary["complete"] as? Bool == true, "\(summary["incomplete_reasons"] ?? "")")
        let listeners = try #require(summary["listeners"] as? [String: Any])
        #expect(listeners["target"] as? Int == 300)
        #expect(listeners["final"] as? Int == 300)
    }

    /// Configs/k8s-shards.yaml with `listeners` listeners, a 2 s ramp and a 4 s hold.
    static func small(_ shipped: String, listeners: Int) throws -> String {
        var s = shipped
        for (from, to) in [("- ramp: 3000", "- ramp: \(listeners)"), ("over: 20s", "over: 2s"), ("- hold: 60s", "- hold: 4s"),
                           ("listeners.peak: \">= 3000\"", "listeners.peak: \">= \(listeners)\"")] {
            try #require(s.contains(from), "Configs/k8s-shards.yaml has \(from)")
            s = s.replacingOccurrences(of: from, with: to)
        }
        return s
    }
}
