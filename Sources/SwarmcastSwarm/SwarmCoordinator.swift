import Histogram
import SwarmcastMeasure
import SwarmcastSettings
import Foundation
import SwarmcastScenario
import SwarmcastLoop
import SwarmcastReport

/// Runs a swarm: forks the agents, merges their snapshots every second, shows progress, and
/// returns what was measured, complete or not.
public final class SwarmCoordinator {
    public let options: SwarmOptions
    private let executable: String
    private let loop: EventLoop
    private var agents: [AgentProcess] = []
    private var channels: [AgentChannel] = []
    private var aggregator: SnapshotAggregator
    private var progress: ProgressPrinter
    private var progressTimer: LoopTimer?
    private var deadlineTimer: LoopTimer?
    private var signals: [SignalWatcher] = []
    private var interrupted = false
    private var timedOut = false
    private var endedAgents = 0
    private var lostAgents: [Int] = []
    private var agentDeath: [Int: Int] = [:]
    private var lastProgressSecond = 0
    private var startEpochNanos: UInt64 = 0
    /// The global plan's hash, the same on every shard of this swarm.
    public private(set) var planHash = ""
    private var chrony: ChronyFigures?
    /// The coordinator's host, sampled each second (load, steal, memory).
    private var host = HostSampler()
    /// Why an `abort_on_fail` threshold stopped the run (`threshold delay.p99 < 250ms`).
    private var aborted: String?
    /// The last second whose windows were judged for an abort.
    private var abortJudgedThrough = 0
    /// `--metrics`: the live figures and the endpoint serving them on this loop.
    private var liveMetrics: SwarmMetrics?
    private var metricsEndpoint: HTTPEndpoint?
    /// The address `--metrics` is bound to (its port resolved when 0 was asked).
    public var metricsAddress: SocketAddress? { metricsEndpoint?.address }
    /// Set when the shard was ready only after its start time plus the tolerance.
    private var lateStart: String?
    /// Agent process ids (for fault injection).
    public var agentPIDs: [pid_t] { agents.map(\.process.pid) }

    /// Called on the loop each second with the latest row (for `run`'s server sampling).
    public var onSecond: ((TimelineRow) -> Void)?

    /// A coordinator that starts agents by running `executable agent --plan JSON`.
    public init(options: SwarmOptions, executable: String) throws {
        self.options = options
        self.executable = executable
        loop = try EventLoop()
        aggregator = SnapshotAggregator(agentCount: options.agentCount)
        progress = ProgressPrinter(mode: options.progress)
    }

    /// Preflight (limits, clock facts, plan hash), spawns the agents, waits for the common start,
    /// and runs until they all end; SIGINT/SIGTERM stop them early. A shard ready only after
    /// its start time plus the tolerance does not run skewed: its agents are stopped at once
    /// and the result is incomplete with `late-start`.
    public func run() throws -> RunResult {
        let count = options.agentCount
        // Preflight: this process's file limit up to the hard one (each agent raises its own too).
        let limits = ProcessLimits.raiseOpenFileLimit()
        let problems = ShardPreflight.problems(options, agents: count, openFilesHardLimit: limits.hard,
                                               portRange: ShardPreflight.ephemeralPortCount())
        if !problems.isEmpty { throw SwarmError.preflight(problems) }
        chrony = ChronyTracking.read()
        try startMetricsEndpoint()
        planHash = SwarmPlan.hash(options.planInputs)
        let commandStart = options.commandStartEpochNanos > 0 ? options.commandStartEpochNanos : WallClock.realtimeNanos()
        let askedStart = options.run.startEpochNanos(now: commandStart)
        // Without a start time, agents start together a moment from now, so their seconds line up.
        startEpochNanos = askedStart ?? WallClock.realtimeNanos() + 300_000_000
        for i in 0..<count {
            var plan = AgentPlan(index: i, agentCount: count, servers: options.servers, rooms: options.rooms,
                                 schedule: options.schedule, startEpochNanos: startEpochNanos)
            plan.shard = options.shard
            plan.clockSkewNanos = options.run.clockSkew.nanosecondsValue
            plan.listeners = options.listeners
            plan.audio = options.audio
            plan.sourceAddresses = options.sourceAddresses(agent: i)
            plan.speakers = i == 0 ? options.speakers : 0
            plan.speakerServer = options.speakerServer
            plan.attacks = options.attacks
            plan.sourceURL = i == 0 && options.shard.index == 0 ? options.sourceURL : nil
            plan.speakerSecret = options.speakerSecret
            let agent = try AgentProcess(index: i, executable: executable, plan: plan)
            agents.append(agent)
            channels.append(AgentChannel(loop: loop, agent: agent, onSnapshot: { [unowned self] in self.aggregator.add($0) },
                                         onEnd: { [unowned self] in self.agentEnded($0) }))
        }
        let ready = WallClock.realtimeNanos()
        if let askedStart {
            if ready > askedStart + options.run.startTolerance.nanosecondsValue {
                lateStart = "late-start: shard \(options.shard) was ready at \(StartTime.format(epochNanos: ready)), "
                    + String(format: "%.3f s", Double(ready - askedStart) / 1e9) + " after start_at \(StartTime.format(epochNanos: askedStart))"
                    + " (tolerance \(DurationText.format(options.run.startTolerance))); not run skewed"
                for agent in agents { agent.signal(SIGKILL) }
                for agent in agents { agent.reap(blocking: true) }
                FileHandle.standardError.write(Data("\(lateStart!)\n".utf8))
                return makeResult(startDate: Date(), endDate: Date())
            }
            if askedStart > ready {
                FileHandle.standardError.write(Data("shard \(options.shard): ready, starting at \(StartTime.format(epochNanos: askedStart)) (in \(String(format: "%.1f", Double(askedStart - ready) / 1e9)) s)\n".utf8))
            }
        }
        let startDate = Date(timeIntervalSince1970: Double(max(startEpochNanos, ready)) / 1e9)
        for signal in [SIGINT, SIGTERM] {
            signals.append(SignalWatcher(loop: loop, signal: signal) { [unowned self] _ in self.interrupt() })
        }
        progressTimer = LoopTimer(loop: loop, interval: .milliseconds(250), repeating: true) { [unowned self] in self.showProgress() }
        progressTimer?.start()
        // Nothing runs forever: past the schedule plus a grace period, agents are killed.
        let waitSeconds = startEpochNanos > ready ? Int64((startEpochNanos - ready) / 1_000_000_000) + 1 : 0
        deadlineTimer = LoopTimer(loop: loop, interval: .seconds(waitSeconds + Int64(options.schedule.durationSeconds) + 30), repeating: false) { [unowned self] in
            self.timedOut = true
            for agent in self.agents { agent.signal(SIGKILL) }
        }
        deadlineTimer?.start()
        loop.run()
        progressTimer = nil
        deadlineTimer = nil
        signals.removeAll()
        showProgress(force: true)
        metricsEndpoint?.close()
        metricsEndpoint = nil
        progress.finish()
        for agent in agents { reapOrKill(agent) }
        return makeResult(startDate: startDate, endDate: Date())
    }

    private func interrupt() {
        if interrupted {
            for agent in agents { agent.signal(SIGKILL) }
            return
        }
        interrupted = true
        for agent in agents { agent.signal(SIGTERM) }
    }

    private func agentEnded(_ channel: AgentChannel) {
        endedAgents += 1
        let index = channel.agent.index
        if !aggregator.hasFinal(agent: index) {
            lostAgents.append(index)
            agentDeath[index] = aggregator.lastSecond
            channel.agent.reap()
            FileHandle.standardError.write(Data("\nagent \(index) lost (\(channel.agent.exitDescription)); keeping what it sent, the run goes on\n".utf8))
        }
        if let problem = channel.reader.lastProblem {
            FileHandle.standardError.write(Data("\nagent \(index): \(channel.badRecords) unreadable snapshot records (last: \(problem))\n".utf8))
        }
        if endedAgents == agents.count { loop.stop() }
    }

    private func reapOrKill(_ agent: AgentProcess) {
        for _ in 0..<200 {
            if agent.reap() { return }
            usleep(10_000)
        }
        agent.signal(SIGKILL)
        agent.reap(blocking: true)
    }

    private func showProgress(force: Bool = false) {
        let second = aggregator.lastSecond
        guard second > lastProgressSecond || force, second > 0 else { return }
        lastProgressSecond = second
        host.sample()
        guard let row = aggregator.lastRow() else { return }
        // The agents' closing snapshot covers a partial second with no audio: nothing to show.
        if force && row.framesReceived == 0 && row.arrivals == 0 { return }
        progress.show(ProgressPrinter.line(row: row, counters: aggregator.counters, target: max(row.target, options.shardPeakTarget)))
        judgeAbortThresholds()
        liveMetrics?.update(aggregator, row: row, agentCount: agents.count, host: host.figures)
        onSecond?(row)
    }

    /// Serves `/metrics` (the figures of the last merged second, never computed per scrape) and
    /// `/health` on the coordinator's own loop, which only reads pipes and files: a scrape
    /// waits for nothing but that loop.
    private func startMetricsEndpoint() throws {
        guard let text = options.metricsAddress else { return }
        let address = try SocketAddress(parsing: text)
        let metrics = SwarmMetrics()
        liveMetrics = metrics
        do {
            metricsEndpoint = try HTTPEndpoint(loop: loop, address: address) { path in
                switch path {
                case "/metrics": HTTPReply(contentType: "text/plain; version=0.0.4; charset=utf-8", body: metrics.text)
                case "/health": HTTPReply(body: "ok\n")
                default: HTTPReply(status: 404, body: "not found: try /metrics or /health\n")
                }
            }
        } catch {
            throw SwarmError.metrics("--metrics \(text): \(error)")
        }
        FileHandle.standardError.write(Data("swarm metrics on http://\(metricsEndpoint!.address)/metrics\n".utf8))
    }

    /// Judges the `abort_on_fail` thresholds on the windows that closed since the last call
    /// (up to the second before the newest, which every agent has reported); the first failure
    /// stops the agents, as Ctrl-C would, and the run ends marked aborted.
    private func judgeAbortThresholds() {
        guard !options.abortThresholds.isEmpty, aborted == nil, !interrupted else { return }
        let closed = aggregator.lastSecond - 1
        guard closed > abortJudgedThrough else { return }
        var series = SecondSeries(rows: aggregator.timeline(agentsAliveAt: { _ in 0 }), delay: aggregator.delayBySecond,
                                  firstAudio: aggregator.firstAudioBySecond, playlistStaleness: aggregator.playlistStalenessBySecond,
                                  segmentFetch: aggregator.segmentFetchBySecond)
        series.audioMatch = aggregator.audioMatchBySecond
        let ends = (abortJudgedThrough + 1)...closed
        abortJudgedThrough = closed
        guard let t = WindowEvaluator.abortingThreshold(options.abortThresholds, on: series, ends: ends) else { return }
        aborted = "threshold \(t.metric) \(t.condition)"
        FileHandle.standardError.write(Data("\naborting at second \(closed): \(t.label) failed (abort_on_fail)\n".utf8))
        for agent in agents { agent.signal(SIGTERM) }
    }

    /// The shard's clock: the offset of the agent with the tightest estimate, and the loosest
    /// agent's bound (each agent corrects its own delays by its own offset, so the shard's
    /// delays are known to the largest of their bounds).
    private func clockFigures() -> ClockFigures {
        let estimates = aggregator.latest.compactMap { $0 }.filter { $0.clockSamples > 0 }
        guard let best = estimates.min(by: { $0.clockBoundNanos < $1.clockBoundNanos }) else {
            return ClockFigures(offsetMs: nil, boundMs: nil, source: "none", samples: 0, chrony: chrony)
        }
        let bound = estimates.map(\.clockBoundNanos).max() ?? best.clockBoundNanos
        return ClockFigures(offsetMs: (Double(best.clockOffsetNanos) / 1e3).rounded() / 1e3, boundMs: (Double(bound) / 1e3).rounded() / 1e3,
                            source: "ping", samples: estimates.reduce(0) { $0 + $1.clockSamples }, chrony: chrony)
    }

    private func makeResult(startDate: Date, endDate: Date) -> RunResult {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let timeline = aggregator.timeline { second in
            self.agents.count - self.agentDeath.values.filter { $0 < second }.count
        }
        var reasons: [String] = []
        if let lateStart { reasons.append(lateStart) }
        if let aborted { reasons.append("aborted: \(aborted)") }
        if interrupted { reasons.append("interrupted") }
        if timedOut { reasons.append("agents-timed-out") }
        if !lostAgents.isEmpty { reasons.append("lost-agents:\(lostAgents.sorted().map(String.init).joined(separator: ","))") }
        // Records an agent sent that could not be read: what they held is missing from the figures.
        let unreadable = channels.reduce(0) { $0 + $1.badRecords }
        if unreadable > 0 { reasons.append("unreadable-agent-records:\(unreadable)") }
        let endReasons = Set(aggregator.finals.compactMap { $0?.endReason }).subtracting(["finished", "interrupted"])
        reasons += endReasons.sorted()
        let counters = aggregator.counters
        var summary = RunSummary(
            scenario: options.scenarioName, server: options.servers.joined(separator: ","),
            startedAt: formatter.string(from: startDate), endedAt: formatter.string(from: endDate),
            durationSeconds: (endDate.timeIntervalSince(startDate) * 1000).rounded() / 1000,
            complete: reasons.isEmpty,
            listeners: ListenerFigures(target: options.shardPeakTarget, peak: timeline.map(\.listeners).max() ?? 0,
                                       final: aggregator.finalListeners),
            counters: counters, agents: AgentFigures(started: agents.count, lost: lostAgents.count, lostIndices: lostAgents.sorted()))
        summary.incompleteReasons = reasons
        summary.aborted = aborted
        if let attackStart = options.attacks.map(\.startSeconds).min(), let last = timeline.last?.second {
            // The attack starts during second ceil(start); the seconds before it are the baseline.
            let boundary = max(1, Int(attackStart.rounded(.up)))
            summary.phases = [("before-attack", 1, boundary), ("during-attack", boundary + 1, last)].compactMap { name, from, to in
                guard from <= to else { return nil }
                let rows = timeline.filter { $0.second >= from && $0.second <= to }
                let failures = rows.reduce(0) { $0 + $1.rejects + $1.disconnects + $1.droppedArrivals }
                let arrivals = rows.reduce(0) { $0 + $1.arrivals }
                return PhaseFigures(name: name, fromSecond: from, toSecond: to, delay: aggregator.delay(seconds: from...to).percentilesMillis(),
                                    listenersMean: rows.isEmpty ? 0 : Double(rows.reduce(0) { $0 + $1.listeners }) / Double(rows.count),
                                    framesReceived: rows.reduce(0) { $0 + $1.framesReceived }, failures: failures,
                                    failureRate: arrivals > 0 ? Double(failures) / Double(arrivals) : (failures > 0 ? 1 : 0))
            }
        }
        summary.machine = MachineInfo.current()
        summary.clock = clockFigures()
        summary.generator = aggregator.generator.figures(host: host.figures)
        if options.shard.isPartial || options.run.startAt != nil {
            var shard = ShardInfo(index: options.shard.index, count: options.shard.count, planHash: planHash,
                                  host: summary.machine.hostname, startAt: StartTime.format(epochNanos: startEpochNanos))
            // The address this host reaches the (first) server from: which host a shard was, as
            // its network sees it (the host name alone is often the same on every pod or node).
            shard.address = options.servers.first.flatMap { try? SocketAddress(parsing: $0) }
                .flatMap { try? Socket.sourceAddress(toward: $0) }?.host
            shard.clock = summary.clock
            summary.shard = shard
        }
        let resources = aggregator.agentResources
        var costs = CostFigures()
        costs.swarmCPUSeconds = (resources.cpuSeconds * 1000).rounded() / 1000
        // Growth of the agents' resident memory over their start, per listener at the peak.
        if summary.listeners.peak > 0 { costs.swarmBytesPerListener = (Double(resources.residentBytes) / Double(summary.listeners.peak)).rounded() }
        summary.costs = costs
        var result = RunResult(summary: summary, timeline: timeline, delayIntervals: aggregator.delayIntervals(),
                               delay: aggregator.delay, firstAudio: aggregator.firstAudio, connect: aggregator.connect,
                               welcome: aggregator.welcome, startEpochSeconds: Double(startEpochNanos) / 1e9)
        result.firstAudioBySecond = aggregator.firstAudioBySecond
        result.playlistStaleness = aggregator.playlistStaleness
        result.segmentFetch = aggregator.segmentFetch
        result.playlistStalenessBySecond = aggregator.playlistStalenessBySecond
        result.segmentFetchBySecond = aggregator.segmentFetchBySecond
        result.delayTiers = aggregator.delayTiers
        result.hlsDelayTiers = aggregator.hlsDelayTiers
        result.audioMatch = aggregator.audioMatch
        result.audioMatchBySecond = aggregator.audioMatchBySecond
        result.audioWorst = aggregator.audioWorst
        result.refreshPercentiles()
        return result
    }
}
