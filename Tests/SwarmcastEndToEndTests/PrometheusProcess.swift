import Foundation
import SwarmcastLoop
import SwarmcastTestSupport

/// Debian's `prometheus` run directly for a test: a generated config scraping the given
/// targets every second, storage in a temporary directory, killed and removed at the end.
final class PrometheusProcess {
    static let binary = "/usr/bin/prometheus"
    let address: SocketAddress
    private let directory: URL
    private let process: Subprocess

    /// `targets`: job name → HOST:PORT.
    init(targets: [String: String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("swarmcast-prom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        address = SocketAddress(host: "127.0.0.1", port: MetricsClient.freePort(host: "127.0.0.1") ?? 0)
        let jobs = targets.sorted { $0.key < $1.key }.map { job, target in
            "  - job_name: \(job)\n    static_configs:\n      - targets: ['\(target)']\n"
        }.joined()
        let config = directory.appendingPathComponent("prometheus.yml")
        try "global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n  evaluation_interval: 1s\nscrape_configs:\n\(jobs)"
            .write(to: config, atomically: true, encoding: .utf8)
        process = try Subprocess(["--config.file=\(config.path)", "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
                                  "--web.listen-address=\(address)", "--log.level=warn"],
                                 executable: Self.binary, captureStdout: false, captureStderr: true)
        let deadline = Date().addingTimeInterval(30)
        while MetricsClient.get(address, path: "/-/ready") == nil {
            guard process.isRunning, Date() < deadline else {
                let err = process.stderr
                stop()
                throw PrometheusError.notReady(err)
            }
            usleep(100_000)
        }
    }

    deinit { stop() }

    /// SIGKILL (a test's Prometheus has nothing to flush) and remove its files.
    func stop() {
        if process.isRunning { process.stop(signal: SIGKILL, timeout: 10) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The value of an instant query that yields one sample, or nil.
    func query(_ promql: String) -> Double? {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "+&=[]{}\"")
        guard let encoded = promql.addingPercentEncoding(withAllowedCharacters: allowed),
              let body = MetricsClient.get(address, path: "/api/v1/query?query=\(encoded)"),
              let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
              let data = json["data"] as? [String: Any], let result = data["result"] as? [[String: Any]],
              let value = result.first?["value"] as? [Any], value.count == 2, let text = value[1] as? String else { return nil }
        return Double(text)
    }

    enum PrometheusError: Error { case notReady(String) }
}
