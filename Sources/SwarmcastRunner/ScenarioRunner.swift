import SwarmcastSettings
import Foundation
import SwarmcastLoop
import SwarmcastReport
import SwarmcastScenario
import SwarmcastSwarm

/// Runs a scenario end to end: starts the server it asks for, runs the swarm, measures the
/// server's costs, stops everything it started, and judges the thresholds.
public final class ScenarioRunner {
    public let scenario: Scenario
    private let executable: String
    private let progress: ProgressMode
    private var server: ChildProcess?
    private var serverMetricsAddress: SocketAddress?
    private var serverBaseline: (cpuSeconds: Double, residentBytes: UInt64)?
    private var serverPeakResident: UInt64 = 0
    private var kernelTCPBytesPeak: UInt64 = 0
    /// The origin's address when the server runs with workers (speakers connect there).
    private var originAddress: SocketAddress?

    /// Which shard this run is (a partial shard needs `server.start: false`: K shards must not
    /// start K servers) and when the command began (`start_at: +30s` counts from it).
    private let shard: ShardIdentity
    private let commandStartEpochNanos: UInt64
    /// `run --metrics HOST:PORT`: where the swarm serves its live figures.
    private let metricsAddress: String?
    /// `run --server-cores/--swarm-cores`: the cores the server we start (with its edges) and the
    /// swarm (this process and its agents) may use, so each side is measured on cores of its own.
    private let serverCores: CPUSet?
    private let swarmCores: CPUSet?

    public init(scenario: Scenario, executable: String, progress: ProgressMode = .auto, shard: ShardIdentity = .whole,
                commandStartEpochNanos: UInt64 = 0, metricsAddress: String? = nil, serverCores: CPUSet? = nil, swarmCores: CPUSet? = nil) {
        self.metricsAddress = metricsAddress
        self.serverCores = serverCores
        self.swarmCores = swarmCores
        self.scenario = scenario
        self.executable = executable
        self.progress = progress
        self.shard = shard
        self.commandStartEpochNanos = commandStartEpochNanos
    }

    /// What a shard that would start its own server is told (exit 2).
    public static func shardNeedsSharedServer(_ shard: ShardIdentity, file: String) -> String {
        "--shard \(shard): a shard must swarm a shared server, not start its own (\(shard.count) shards would start \(shard.count) servers): "
            + "set server.start: false and server.address: HOST:PORT in \(file), or give --server HOST:PORT"
    }

    /// Runs the scenario; the result is returned even when the run was cut short (marked incomplete).
    public func run() throws -> RunResult {
        defer { stopServer() }
        let target = try startServerIfAsked()
        if !scenario.server.start { try swarmCores?.apply() }
        var options = SwarmOptions(servers: [target.description], schedule: scenario.listeners.schedule)
        options.scenarioName = scenario.name
        options.rooms = scenario.listeners.rooms
        options.listeners = scenario.listeners.settings
        options.audio = scenario.audio
        options.speakers = scenario.speakers.clients
        options.speakerServer = originAddress?.description
        options.attacks = scenario.attacks
        options.speakerSecret = scenario.server.settings.speakerSecret
        options.progress = progress
        options.shard = shard
        options.run = scenario.run
        options.commandStartEpochNanos = commandStartEpochNanos
        options.metricsAddress = metricsAddress
        // A shard holds part of the swarm: its windows are not the swarm's, so it never aborts.
        if !shard.isPartial { options.abortThresholds = scenario.thresholds.filter(\.abortOnFail) }
        let coordinator = try SwarmCoordinator(options: options, executable: executable)
        var pendingFaults = scenario.faults.sorted { $0.atSeconds < $1.atSeconds }
        var injected: [String] = []
        coordinator.onSecond = { [unowned self, unowned coordinator] row in
            self.sampleServer()
            while let fault = pendingFaults.first, Double(row.second) >= fault.atSeconds {
                pendingFaults.removeFirst()
                injected.append("\(row.second)s: " + self.inject(fault, agents: coordinator.agentPIDs))
            }
        }
        var result = try coordinator.run()
        if !scenario.faults.isEmpty { result.summary.faultsInjected = injected }
        sampleServer()
        addServerFigures(to: &result)
        if let server, !server.isRunning {
            result.summary.complete = false
            result.summary.incompleteReasons.append("server-exited:\(server.exitDescription)")
        }
        if shard.isPartial {
            // A shard holds 1/K of the listeners: its percentiles and counts are not the swarm's.
            result.summary.thresholdsNote = "not judged: shard \(shard) of a sharded run; thresholds are judged on the merged result (swarmcast merge DIR... --scenario FILE)"
        } else {
            result.summary.thresholds = ThresholdEvaluator.evaluate(scenario.thresholds, on: result.summary, series: SecondSeries(result: result))
        }
        return result
    }

    private func startServerIfAsked() throws -> SocketAddress {
        var address = try SocketAddress(parsing: scenario.server.address)
        guard scenario.server.start else { return address }
        if address.port == 0, let port = MetricsClient.freePort(host: address.host) { address = SocketAddress(host: address.host, port: port) }
        let metrics = SocketAddress(host: address.host, port: MetricsClient.freePort(host: address.host) ?? 0)
        let s = scenario.server
        var arguments = [executable, "serve", "--settings-json", try Self.settingsJSON(for: scenario),
                         "--listen", address.description, "--metrics", metrics.description,
                         "--log-level", "warning", "--die-with-parent"]
        if s.workers > 0 {
            let origin = SocketAddress(host: address.host, port: MetricsClient.freePort(host: address.host) ?? 0)
            arguments += ["--workers", String(s.workers), "--origin", origin.description]
            originAddress = origin
        }
        // The server inherits the cores this process has when it starts it (and its edges the
        // server's); then this process, the swarm's coordinator, takes the swarm's cores.
        let ownCores = CPUSet.current()
        try serverCores?.apply()
        let child = try ChildProcess(arguments: arguments, ownProcessGroup: true)
        try (swarmCores ?? (serverCores == nil ? nil : ownCores))?.apply()
        server = child
        serverMetricsAddress = metrics
        // Ready when /health answers; a server that exits instead is a runtime failure.
        let deadline = WallClock.monotonicNanos() + 15_000_000_000
        while MetricsClient.get(metrics, path: "/health") == nil || !edgesUp(metrics, workers: s.workers) {
            if !child.isRunning { throw RunnerError.serverDidNotStart("the server exited (\(child.exitDescription)); run the same `swarmcast serve` by hand to see why") }
            if WallClock.monotonicNanos() > deadline { throw RunnerError.serverDidNotStart("no answer on \(metrics)/health within 15 s") }
            usleep(20_000)
        }
        serverBaseline = child.usage
        return address
    }

    /// With workers, the run starts once every edge answers (the origin's /metrics says so).
    private func edgesUp(_ metrics: SocketAddress, workers: Int) -> Bool {
        guard workers > 0 else { return true }
        guard let samples = MetricsClient.scrape(metrics) else { return false }
        return (1...workers).allSatisfy { samples["swarmcast_process_up{process=\"edge-\($0)\"}"] == 1 }
    }

    /// Kills what the fault names; returns what was done, for the summary.
    private func inject(_ fault: FaultSpec, agents: [pid_t]) -> String {
        switch fault.kill {
        case .killEdge:
            guard let server else { return "kill edge: no server started" }
            let edges = ChildProcess.children(of: server.pid).sorted()
            guard let edge = edges.first else { return "kill edge: no edge running" }
            kill(edge, SIGKILL)
            return "killed edge pid \(edge) (SIGKILL)"
        case .killAgent:
            guard let agent = agents.last else { return "kill agent: no agent" }
            kill(agent, SIGKILL)
            return "killed agent pid \(agent) (SIGKILL)"
        }
    }

    private func sampleServer() {
        if let usage = server?.usage { serverPeakResident = max(serverPeakResident, usage.residentBytes) }
        kernelTCPBytesPeak = max(kernelTCPBytesPeak, Self.kernelTCPBytes() ?? 0)
    }

    private func addServerFigures(to result: inout RunResult) {
        var costs = result.summary.costs ?? CostFigures()
        costs.kernelTCPBytes = kernelTCPBytesPeak > 0 ? kernelTCPBytesPeak : nil
        let peak = result.summary.listeners.peak
        if let server, let baseline = serverBaseline, let now = server.usage {
            costs.serverCPUSeconds = ((now.cpuSeconds - baseline.cpuSeconds) * 1000).rounded() / 1000
            if peak > 0 && serverPeakResident > baseline.residentBytes {
                costs.serverBytesPerListener = (Double(serverPeakResident - baseline.residentBytes) / Double(peak)).rounded()
            }
        }
        if let metricsAddress = serverMetricsAddress, let metrics = MetricsClient.scrape(metricsAddress) {
            let keep = metrics.filter { $0.key.hasPrefix("swarmcast_") && !$0.key.contains("_bucket") }
            result.summary.serverMetrics = keep
            if let packets = metrics["swarmcast_packets_out_total"], result.summary.durationSeconds > 0 {
                costs.deliveriesPerSecond = (packets / result.summary.durationSeconds).rounded()
                if let cpu = costs.serverCPUSeconds, packets > 0 {
                    costs.serverCPUSecondsPerMillionDeliveries = (cpu / packets * 1e6 * 1000).rounded() / 1000
                }
                if let cpu = costs.swarmCPUSeconds, packets > 0 {
                    costs.swarmCPUSecondsPerMillionDeliveries = (cpu / packets * 1e6 * 1000).rounded() / 1000
                }
            }
        }
        result.summary.costs = costs
    }

    /// The server's settings as `serve --settings-json` takes them: the scenario's server and
    /// audio groups whole, so no setting is re-spelt as a flag here. The backlog is raised to one
    /// packet, as the server itself would.
    static func settingsJSON(for scenario: Scenario) throws -> String {
        var settings = BroadcastSettings(server: scenario.server.settings, audio: scenario.audio)
        settings.server.backlogFrames = settings.effectiveBacklogFrames
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(settings), as: UTF8.self)
    }

    private func stopServer() {
        server?.stop(SIGTERM, grace: .seconds(5))
    }

    /// Kernel memory held by TCP sockets now (pages in /proc/net/sockstat × page size).
    static func kernelTCPBytes() -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/net/sockstat", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("TCP:") {
            let f = line.split(separator: " ")
            if let i = f.firstIndex(of: "mem"), i + 1 < f.count, let pages = UInt64(f[i + 1]) {
                return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
            }
        }
        return nil
    }
}
