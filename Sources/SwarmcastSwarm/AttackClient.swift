import SwarmcastMeasure
import SwarmcastLoop
import SwarmcastScenario
import SwarmcastWire

/// One hostile client. What happens to it is counted by kind and outcome (`slowloris:closed-by-server`,
/// `bad-token:reject:bad-token`, ...), apart from the legitimate listeners' figures.
final class AttackClient: ConnectionDelegate {
    let kind: AttackSpec.Kind
    private unowned let agent: SwarmAgent
    private(set) var connection: Connection?
    private var helloBytes: [UInt8] = []
    private var sentHelloBytes = 0
    private var decoder = FrameDecoder(maximumFrameBytes: 1 << 20, keepsAudioPayload: false)
    /// Monotonic time at which a closed attacker starts again (0: running).
    var restartAtNanos: UInt64 = 0
    private var random: SeededRandom

    init(kind: AttackSpec.Kind, agent: SwarmAgent, seed: UInt64) {
        self.kind = kind
        self.agent = agent
        random = SeededRandom(seed: seed)
    }

    var isOpen: Bool { connection != nil }

    func start(loop: EventLoop, server: SocketAddress, source: SocketAddress?) {
        do {
            connection = try Connection(loop: loop, connectingTo: server, from: source, delegate: self)
            count("started")
        } catch {
            count("socket-failed")
            scheduleRestart()
        }
    }

    private func count(_ outcome: String) {
        agent.measurements.counters.attackOutcomes["\(kind.rawValue):\(outcome)", default: 0] += 1
    }

    private func scheduleRestart(after nanos: UInt64 = 100_000_000) {
        connection = nil
        restartAtNanos = WallClock.monotonicNanos() + nanos
    }

    /// Called every sweep (200 ms): the slow and flooding kinds act here.
    func act() {
        guard let connection, connection.state == .open else { return }
        switch kind {
        case .slowloris where sentHelloBytes < helloBytes.count:
            connection.send([helloBytes[sentHelloBytes]])
            sentHelloBytes += 1
        case .reactionFlood:
            var bytes: [UInt8] = []
            for _ in 0..<200 { FrameEncoder.append(.reaction(kind: UInt8(truncatingIfNeeded: random.next())), to: &bytes) }
            connection.send(bytes)
            agent.measurements.counters.attackOutcomes["reaction-flood:reactions-sent", default: 0] += 200
        default:
            break
        }
    }

    func connectionDidConnect(_ connection: Connection) {
        count("connected")
        let listenerHello = FrameEncoder.encode(.hello(Hello(role: .listener, room: agent.plan.rooms[0], clientID: random.next())))
        switch kind {
        case .connectHold:
            break
        case .connectDrop:
            connection.close(notify: false)
            scheduleRestart(after: 10_000_000)
        case .slowloris:
            helloBytes = listenerHello
            sentHelloBytes = 1
            connection.send([helloBytes[0]])
        case .garbage:
            connection.send((0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        case .badToken:
            connection.send(FrameEncoder.encode(.hello(Hello(role: .speaker, room: agent.plan.rooms[0], clientID: random.next(),
                                                              token: Array("\(agent.plan.rooms[0]).9999999999.forged".utf8)))))
        case .reactionFlood:
            connection.send(listenerHello)
        case .neverRead:
            connection.send(listenerHello)
            connection.setReading(false)
        }
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        try? decoder.decode(bytes) { frame in
            switch frame {
            case .welcome: self.count("welcomed")
            case .reject(let reason): self.count("reject:\(reason)")
            case .bye(let reason): self.count("bye:\(reason)")
            default: break
            }
        }
    }

    func connection(_ connection: Connection, didCloseWith reason: CloseReason) {
        switch reason {
        case .connectFailed(let code): count("connect-failed:\(errnoName(code))")
        case .peerClosed, .readError, .writeError: count("closed-by-server")
        case .local: break
        }
        helloBytes = []
        sentHelloBytes = 0
        decoder = FrameDecoder(maximumFrameBytes: 1 << 20, keepsAudioPayload: false)
        scheduleRestart()
    }

    func stop() {
        if connection != nil { count("open-at-end") }
        connection?.close(notify: false)
        connection = nil
    }
}
