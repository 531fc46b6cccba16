import Histogram
import SwarmcastMeasure
import Foundation
import SwarmcastScenario
import SwarmcastLoop
import SwarmcastWire

/// One swarm agent: one event loop holding up to ~19,000 listeners, following its share of the
/// arrival schedule and reporting a snapshot every second.
public final class SwarmAgent {
    public let plan: AgentPlan
    let measurements = AgentMeasurements()
    /// The plan's late bound in `LatencyUnit` (µs), read for every frame.
    let lateAfterUnits: UInt64
    private let loop: EventLoop
    private let servers: [SocketAddress]
    private let sources: [SocketAddress]
    private let speakerServer: SocketAddress?
    private let report: (AgentSnapshot) -> Void
    private var live: [ListenerClient] = []
    private var reconnecting: [ListenerClient] = []
    private var speakers: [SpeakerClient] = []
    private var source: HTTPSourceClient?
    /// Attack clients, per attack of the plan.
    private var attackers: [[AttackClient]] = []
    private var receiving = 0
    private var startedScheduled = 0
    private var owedReplacements = 0
    private var peakTarget = 0
    private var nextID: UInt64
    private var random: SeededRandom
    private var lastReportedSecond = 0
    private var stopping = false
    private var receivingAtStop = 0
    private var lastWelcomeNanos: UInt64 = 0
    private var lastServerFailureNanos: UInt64 = 0
    private var serverGoneSinceNanos: UInt64 = 0
    private var tickTimer: LoopTimer?
    private var sweepTimer: LoopTimer?
    private var signals: [SignalWatcher] = []
    private let startMonotonic: UInt64
    private let baselineResident = ProcessLimits.residentBytes()
    /// Why the agent ended (`finished`, `interrupted`, `server-gone`).
    public private(set) var endReason = "finished"

    /// An agent that reports through `report` (the agent process writes JSON lines to its pipe).
    public init(plan: AgentPlan, report: @escaping (AgentSnapshot) -> Void) throws {
        self.plan = plan
        self.report = report
        lateAfterUnits = LatencyUnit.units(plan.lateBound)
        loop = try EventLoop()
        servers = try plan.servers.map { try SocketAddress(parsing: $0) }
        sources = try plan.sourceAddresses.map { try SocketAddress(parsing: "\($0):0") }
        speakerServer = try plan.speakerServer.map { try SocketAddress(parsing: $0) }
        nextID = UInt64(plan.index) << 40
        random = SeededRandom(seed: UInt64(plan.listeners.seed) &+ UInt64(plan.index) &* 7919)
        let nowReal = WallClock.realtimeNanos()
        let nowMono = WallClock.monotonicNanos()
        // The common start, expressed on this process's monotonic clock.
        startMonotonic = plan.startEpochNanos > nowReal ? nowMono + (plan.startEpochNanos - nowReal) : nowMono - (nowReal - plan.startEpochNanos)
    }

    /// Runs the schedule to its end (or until interrupted) and returns the end reason.
    @discardableResult
    public func run() -> String {
        tickTimer = LoopTimer(loop: loop, interval: .milliseconds(5), repeating: true) { [unowned self] in self.tick() }
        sweepTimer = LoopTimer(loop: loop, interval: .milliseconds(200), repeating: true) { [unowned self] in self.sweep() }
        for signal in [SIGINT, SIGTERM] {
            signals.append(SignalWatcher(loop: loop, signal: signal) { [unowned self] _ in self.stop("interrupted") })
        }
        tickTimer?.start()
        sweepTimer?.start()
        loop.run()
        tickTimer = nil
        sweepTimer = nil
        signals.removeAll()
        return endReason
    }

    /// Seconds since the common start (negative before it).
    private var elapsed: Double {
        let now = WallClock.monotonicNanos()
        return now >= startMonotonic ? Double(now - startMonotonic) / 1e9 : -Double(startMonotonic - now) / 1e9
    }

    private func myShare(_ total: Double) -> Int {
        ArrivalSchedule.share(of: Int(total.rounded(.down)), agent: plan.index, agents: plan.agentCount)
    }

    private func tick() {
        let t = elapsed
        guard t >= 0, !stopping else { return }
        if speakers.isEmpty && plan.speakers > 0 { startSpeakers() }
        if source == nil, let url = plan.sourceURL {
            source = HTTPSourceClient(agent: self, url: url, payloadBytes: plan.audio.payloadBytes)
            source?.start(loop: loop)
        }
        sendSpeakerFrames()
        let second = Int(t)
        if second > lastReportedSecond {
            lastReportedSecond = second
            emitSnapshot(final: false)
        }
        if t >= plan.schedule.durationSeconds { return stop("finished") }
        startDueArrivals(at: t)
        followRampDown(at: t)
        startDueAttackers(at: t)
    }

    private func startDueArrivals(at t: Double) {
        let mine = myShare(plan.schedule.arrivals(at: t))
        measurements.counters.arrivalsScheduled = mine + measurements.counters.churned
        // Arrivals due longer ago than the drop bound are dropped, counted, never started late.
        let cutoff = myShare(plan.schedule.arrivals(at: t - plan.listeners.dropArrivalAfter.seconds))
        if cutoff > startedScheduled {
            measurements.countDroppedArrival("behind-schedule", cutoff - startedScheduled)
            startedScheduled = cutoff
        }
        var budget = 1000
        while startedScheduled < mine && budget > 0 {
            startedScheduled += 1
            budget -= 1
            startNewListener()
        }
        while owedReplacements > 0 && budget > 0 {
            owedReplacements -= 1
            budget -= 1
            startNewListener()
        }
    }

    /// Each attack ramps at its rate to its count (this agent's share) from its start time.
    private func startDueAttackers(at t: Double) {
        if attackers.isEmpty { attackers = Array(repeating: [], count: plan.attacks.count) }
        for (i, attack) in plan.attacks.enumerated() where t >= attack.startSeconds {
            let mine = ArrivalSchedule.share(of: attack.count, agent: plan.index, agents: plan.agentCount)
            let due = min(mine, Int((t - attack.startSeconds) * attack.rate / Double(plan.agentCount)) + 1)
            while attackers[i].count < due {
                let n = attackers[i].count
                let attacker = AttackClient(kind: attack.kind, agent: self, seed: UInt64(plan.listeners.seed) &+ UInt64(plan.index * 1_000_003 + i * 7_919 + n))
                attacker.start(loop: loop, server: servers[n % servers.count], source: sources.isEmpty ? nil : sources[(n + 3) % sources.count])
                attackers[i].append(attacker)
            }
        }
    }

    private func followRampDown(at t: Double) {
        let target = myShare(plan.schedule.target(at: t))
        peakTarget = max(peakTarget, target)
        guard target < peakTarget else { return }
        while live.count > target, let newest = live.last {
            newest.leave()
        }
    }

    private func startNewListener() {
        guard live.count < plan.listeners.maxPerAgent else { return measurements.countDroppedArrival("agent-full") }
        let n = Int(nextID & 0xFF_FFFF_FFFF)
        // Every 1/f-th listener is a slow reader, deterministically.
        let f = plan.listeners.slowReaders
        let slow = f > 0 && Int(Double(n + 1) * f) > Int(Double(n) * f)
        let listener = ListenerClient(agent: self, id: nextID, room: plan.rooms[n % plan.rooms.count],
                                      server: servers[n % servers.count], source: sources.isEmpty ? nil : sources[n % sources.count],
                                      isSlowReader: slow)
        nextID += 1
        launch(listener)
    }

    private func launch(_ listener: ListenerClient) {
        do {
            try listener.start(loop: loop)
            measurements.counters.connectsStarted += 1
            listener.slot = live.count
            live.append(listener)
        } catch {
            if case .systemCall(_, let code) = error { measurements.countDroppedArrival("socket:\(errnoName(code))") }
            else { measurements.countDroppedArrival("socket") }
        }
    }

    func listenerWelcomed(_ listener: ListenerClient) {
        receiving += 1
        lastWelcomeNanos = WallClock.monotonicNanos()
        listener.reconnectAttempts = 0
        if let mean = plan.listeners.churnMean?.seconds, mean > 0 {
            listener.sessionEndNanos = lastWelcomeNanos + UInt64(random.exponential(mean: mean) * 1e9)
        }
    }

    func listenerEnded(_ listener: ListenerClient, wasReceiving: Bool, failed: Bool) {
        if wasReceiving { receiving -= 1 }
        let i = listener.slot
        if i >= 0 && i < live.count && live[i] === listener {
            let last = live.removeLast()
            if i < live.count {
                live[i] = last
                last.slot = i
            }
        }
        listener.slot = -1
        if failed {
            lastServerFailureNanos = WallClock.monotonicNanos()
            if plan.listeners.reconnect && !stopping { scheduleReconnect(listener) }
        }
    }

    /// Jittered exponential backoff: 200 ms doubling to 5 s, times 0.5-1.5.
    private func scheduleReconnect(_ listener: ListenerClient) {
        let base = min(5.0, 0.2 * pow(2, Double(listener.reconnectAttempts)))
        let delay = base * Double.random(in: 0.5...1.5, using: &random)
        listener.reconnectAttempts += 1
        listener.reconnectDueNanos = WallClock.monotonicNanos() + UInt64(delay * 1e9)
        reconnecting.append(listener)
    }

    private func sweep() {
        guard !stopping else { return }
        let now = WallClock.monotonicNanos()
        let connectTimeout = Self.nanos(plan.listeners.connectTimeout)
        let stallAfter = Self.nanos(plan.stallBound)
        for listener in live {
            switch listener.state {
            case .connecting where now - listener.startNanos > connectTimeout:
                listener.fail("connect-timeout")
            case .helloSent where now - listener.startNanos > connectTimeout:
                listener.fail("welcome-timeout")
            case .receiving where !listener.isSlowReader:
                if listener.sessionEndNanos != 0 && now > listener.sessionEndNanos {
                    listener.leave()
                    measurements.counters.churned += 1
                    owedReplacements += 1
                } else if !listener.stalled && now - listener.lastAudioNanos > stallAfter {
                    listener.stalled = true
                    measurements.counters.stalls += 1
                }
            default:
                break
            }
        }
        if !reconnecting.isEmpty {
            let due = reconnecting.filter { $0.reconnectDueNanos <= now }
            reconnecting.removeAll { $0.reconnectDueNanos <= now }
            for listener in due {
                measurements.counters.reconnects += 1
                listener.reconnectDueNanos = 0
                launch(listener)
            }
        }
        for group in attackers {
            for attacker in group {
                if attacker.isOpen {
                    attacker.act()
                } else if attacker.restartAtNanos != 0 && attacker.restartAtNanos <= now {
                    attacker.restartAtNanos = 0
                    attacker.start(loop: loop, server: servers[0], source: sources.isEmpty ? nil : sources[Int(now % UInt64(sources.count))])
                }
            }
        }
        detectServerGone(now: now)
    }

    /// The server is gone when nobody is receiving, the last thing the server did was fail us,
    /// and that has lasted a while (longer when reconnecting, to ride out a restart).
    private func detectServerGone(now: UInt64) {
        let wanted = myShare(plan.schedule.target(at: elapsed)) > 0
        if receiving == 0 && wanted && lastServerFailureNanos > lastWelcomeNanos && lastServerFailureNanos != 0 {
            if serverGoneSinceNanos == 0 { serverGoneSinceNanos = now }
            let patience: UInt64 = plan.listeners.reconnect ? 15_000_000_000 : 2_000_000_000
            if now - serverGoneSinceNanos > patience { stop("server-gone") }
        } else {
            serverGoneSinceNanos = 0
        }
    }

    private func startSpeakers() {
        for i in 0..<plan.speakers {
            let speaker = SpeakerClient(agent: self, room: plan.rooms[i % plan.rooms.count], payloadBytes: plan.audio.payloadBytes)
            speaker.start(loop: loop, server: speakerServer ?? servers[0])
            speakers.append(speaker)
        }
    }

    private func sendSpeakerFrames() {
        let now = WallClock.realtimeNanos()
        let interval = Self.nanos(plan.audio.frameInterval)
        if let source { measurements.counters.speakerFramesSent += source.sendDueFrames(nowReal: now, frameIntervalNanos: interval) }
        guard !speakers.isEmpty else { return }
        for speaker in speakers {
            measurements.counters.speakerFramesSent += speaker.sendDueFrames(nowReal: now, frameIntervalNanos: interval)
        }
    }

    /// Ends the run: every listener leaves (not a failure), a final snapshot goes out.
    public func stop(_ reason: String) {
        guard !stopping else { return }
        stopping = true
        endReason = reason
        receivingAtStop = receiving
        for listener in live { listener.leave() }
        for speaker in speakers { speaker.stop() }
        source?.stop()
        for group in attackers { for attacker in group { attacker.stop() } }
        reconnecting.removeAll()
        emitSnapshot(final: true)
        loop.stop()
    }

    private func emitSnapshot(final: Bool) {
        let t = max(elapsed, 0)
        let second = final ? Int(t.rounded(.up)) : Int(t)
        var snapshot = measurements.takeSnapshot(agent: plan.index, second: second, live: final ? receivingAtStop : receiving,
                                                 target: myShare(plan.schedule.target(at: t)), final: final,
                                                 endReason: final ? endReason : nil)
        snapshot.residentBytes = ProcessLimits.residentBytes()
        snapshot.baselineResidentBytes = baselineResident
        snapshot.cpuSeconds = ProcessLimits.cpuSeconds()
        report(snapshot)
    }

    /// A setting's duration on the monotonic clock's scale (ns), for deadlines.
    static func nanos(_ d: Duration) -> UInt64 {
        let (seconds, atto) = d.components
        return seconds < 0 ? 0 : UInt64(seconds) * 1_000_000_000 + UInt64(atto / 1_000_000_000)
    }
}
