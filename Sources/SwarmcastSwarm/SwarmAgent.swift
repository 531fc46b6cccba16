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
    /// The agent's own health as a load generator (CPU, loop lag, schedule, files, ports).
    let generatorMonitor = GeneratorMonitor()
    /// The plan's late bound in `LatencyUnit` (µs), read for every frame.
    let lateAfterUnits: UInt64
    let loop: EventLoop
    let servers: [SocketAddress]
    let sources: [SocketAddress]
    let speakerServer: SocketAddress?
    private let report: (AgentSnapshot) -> Void
    private var live: [ListenerClient] = []
    private var reconnecting: [ListenerClient] = []
    var speakers: [SpeakerClient] = []
    var source: HTTPSourceClient?
    private var speakersStarted = false
    /// Attack clients, per attack of the plan.
    var attackers: [[AttackClient]] = []
    private var receiving = 0
    private var startedScheduled = 0
    /// Churned listeners owed a replacement: the same global index, its next generation.
    private var owedReplacements: [(index: Int, generation: Int)] = []
    private var peakTarget = 0
    /// Which global indices (listeners, attackers) this agent runs, and their choices.
    let stripe: ListenerPlanner.Stripe
    let planner: ListenerPlanner
    /// Decoded listeners' shared reference and per-second bookkeeping (nil: none decodes).
    let audio: AgentAudio?
    /// The server's clock minus this host's, from PING/PONG on one receiving listener.
    var clock = ClockEstimate()
    let clockSkewNanos: UInt64
    /// The receiving listener whose connection carries the PINGs.
    var prober: ListenerClient?
    var nextPingNanos: UInt64 = 0
    private var lastReportedSecond = 0
    private var stopping = false
    private var receivingAtStop = 0
    private var lastWelcomeNanos: UInt64 = 0
    private var lastServerFailureNanos: UInt64 = 0
    private var serverGoneSinceNanos: UInt64 = 0
    private var tickTimer: LoopTimer?
    /// The HLS players' reloads, fired by the 5 ms tick (`TimerWheel`).
    let timerWheel = TimerWheel(slotNanos: 5_000_000, nowNanos: WallClock.monotonicNanos())
    private var sweepTimer: LoopTimer?
    /// Sweeps so far: HLS players are brought up to date every fifth (once a second).
    private var sweeps = 0
    /// HLS targets by room and server, parsed once and shared by their players (with their one
    /// prebuilt reload request) instead of parsed again at every connect.
    private var hlsTargets: [String: HLSTarget] = [:]
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
        stripe = ListenerPlanner.Stripe(shard: plan.shard, agent: plan.index, agents: plan.agentCount)
        planner = ListenerPlanner(listeners: plan.listeners, rooms: plan.rooms, serverCount: servers.count,
                                  totalListeners: plan.schedule.totalArrivals)
        audio = AgentAudio(listeners: plan.listeners, audio: plan.audio, measurements: measurements)
        clockSkewNanos = plan.clockSkewNanos
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
        generatorMonitor.start(loop: loop)
        loop.run()
        generatorMonitor.stop()
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
        stripe.share(of: Int(total.rounded(.down)))
    }

    private func tick() {
        let t = elapsed
        guard t >= 0, !stopping else { return }
        timerWheel.advance(to: WallClock.monotonicNanos())
        if !speakersStarted {
            speakersStarted = true
            startSpeakers()
        }
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
            let g = stripe.global(startedScheduled)
            startedScheduled += 1
            budget -= 1
            startNewListener(g, generation: 0)
        }
        while !owedReplacements.isEmpty && budget > 0 {
            let owed = owedReplacements.removeFirst()
            budget -= 1
            startNewListener(owed.index, generation: owed.generation)
        }
        // The oldest arrival still due, if any: how far behind the schedule this agent runs.
        let behind = startedScheduled < mine ? plan.schedule.joinSeconds(ofArrival: stripe.global(startedScheduled) + 1).map { t - $0 } ?? 0 : 0
        generatorMonitor.noteBehind(seconds: behind)
    }

    private func followRampDown(at t: Double) {
        let target = myShare(plan.schedule.target(at: t))
        peakTarget = max(peakTarget, target)
        guard target < peakTarget else { return }
        while live.count > target, let newest = live.last {
            newest.leave()
        }
    }

    /// Starts listener `g` (global index) in its `generation`-th session; every choice about it
    /// comes from the planner, so it is the same whichever shard and agent runs it.
    private func startNewListener(_ g: Int, generation: Int) {
        guard live.count < plan.listeners.maxPerAgent else { return measurements.countDroppedArrival("agent-full") }
        let listener = ListenerClient(agent: self, index: g, generation: generation, room: planner.room(g),
                                      server: servers[planner.serverIndex(g)], source: sources.isEmpty ? nil : sources[g % sources.count],
                                      isSlowReader: planner.isSlowReader(g))
        if planner.isDecoded(g) { listener.ears = audio?.ears(listener: listener.id) }
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
        if let session = planner.sessionSeconds(listener.index, generation: listener.generation) {
            listener.sessionEndNanos = lastWelcomeNanos + UInt64(session * 1e9)
        }
        if prober == nil && plan.listeners.protocol == .native {
            // The first PING goes out at once: frames timed before the first PONG are uncorrected.
            prober = listener
            listener.sendPing(localClockNanos())
            nextPingNanos = lastWelcomeNanos + 200_000_000
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
        if prober === listener {
            prober = live.first(where: { $0.state == .receiving && !$0.isSlowReader })
        }
        if failed {
            lastServerFailureNanos = WallClock.monotonicNanos()
            if plan.listeners.reconnect && !stopping { return scheduleReconnect(listener) }
        }
        listener.ears?.ended = true
    }

    /// Jittered exponential backoff: 200 ms doubling to 5 s, times 0.5-1.5 (the planner's factor
    /// for this listener and attempt).
    private func scheduleReconnect(_ listener: ListenerClient) {
        let base = min(5.0, 0.2 * pow(2, Double(listener.reconnectAttempts)))
        let delay = base * planner.reconnectJitter(listener.index, generation: listener.generation, attempt: listener.reconnectAttempts)
        listener.reconnectAttempts += 1
        listener.reconnectDueNanos = WallClock.monotonicNanos() + UInt64(delay * 1e9)
        reconnecting.append(listener)
    }

    /// The HLS target of `room` on `server`, parsed on first use.
    func hlsTarget(room: UInt32, server: SocketAddress) throws(LoopError) -> HLSTarget {
        let key = "\(room)@\(server)"
        if let target = hlsTargets[key] { return target }
        let target = try HLSTarget(url: plan.listeners.url, room: room, server: server)
        hlsTargets[key] = target
        return target
    }

    private func sweep() {
        guard !stopping else { return }
        let now = WallClock.monotonicNanos()
        let connectTimeout = Self.nanos(plan.listeners.connectTimeout)
        let stallAfter = Self.nanos(plan.stallBound)
        sweeps += 1
        let hlsSweep = sweeps % 5 == 0
        // HLS players' checks hold at a second's grain (their player clock, response deadlines of
        // the connect timeout, seconds long), while native listeners' stall detection needs every
        // sweep. So an agent of players walks them every fifth sweep only: walking 3,000 players
        // five times a second was ~1% of an HLS agent's CPU.
        if hlsSweep || !plan.listeners.protocol.isHLS {
            for listener in live {
                if let kind = listener.hls?.timedOut(now: now) {
                    listener.fail("timeout:\(kind)")
                    continue
                }
                switch listener.state {
                case .connecting where now - listener.startNanos > connectTimeout:
                    listener.fail("connect-timeout")
                case .helloSent where now - listener.startNanos > connectTimeout:
                    listener.fail("welcome-timeout")
                case .receiving where !listener.isSlowReader:
                    if listener.sessionEndNanos != 0 && now > listener.sessionEndNanos {
                        listener.leave()
                        measurements.counters.churned += 1
                        owedReplacements.append((listener.index, listener.generation + 1))
                    } else if let hls = listener.hls {
                        // HLS players count their own stalls: a rebuffer of the simulated player, not
                        // a gap between objects that arrive a segment apart by design. Its clock says
                        // when a stall began, so bringing it up to date once a second (players are
                        // walked every fifth sweep) loses nothing; every sweep was 5% of an agent's CPU.
                        hls.updatePlayer(now: now)
                    } else if !listener.stalled && now - listener.lastAudioNanos > stallAfter {
                        listener.stalled = true
                        measurements.counters.stalls += 1
                    }
                default:
                    break
                }
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
        probeClock(now: now)
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
        audio?.closeSecond(second)
        var snapshot = measurements.takeSnapshot(agent: plan.index, second: second, live: final ? receivingAtStop : receiving,
                                                 target: myShare(plan.schedule.target(at: t)), final: final,
                                                 endReason: final ? endReason : nil)
        snapshot.residentBytes = ProcessLimits.residentBytes()
        snapshot.baselineResidentBytes = baselineResident
        snapshot.cpuSeconds = ProcessLimits.cpuSeconds()
        snapshot.clockOffsetNanos = clock.offsetNanos
        snapshot.clockBoundNanos = clock.boundNanos ?? 0
        snapshot.clockSamples = clock.samples
        snapshot.generator = generatorMonitor.sample(counters: measurements.counters, final: final)
        report(snapshot)
    }

    /// A setting's duration on the monotonic clock's scale (ns), for deadlines.
    static func nanos(_ d: Duration) -> UInt64 {
        let (seconds, atto) = d.components
        return seconds < 0 ? 0 : UInt64(seconds) * 1_000_000_000 + UInt64(atto / 1_000_000_000)
    }
}
