import SwarmcastLoop
import SwarmcastWire

/// A simulated speaker: joins a room as role speaker and pushes frames stamped with their
/// scheduled capture time, so the measured delay covers speaker → server → listener.
final class SpeakerClient: ConnectionDelegate {
    private unowned let agent: SwarmAgent
    let room: UInt32
    private var connection: Connection?
    private(set) var welcomed = false
    private var decoder = FrameDecoder(maximumFrameBytes: 1 << 20, keepsAudioPayload: false)
    private var clock = FrameClock()
    private let payload: [UInt8]

    init(agent: SwarmAgent, room: UInt32, payloadBytes: Int) {
        self.agent = agent
        self.room = room
        payload = (0..<payloadBytes).map { UInt8(truncatingIfNeeded: $0 &* 29 &+ 3) }
    }

    func start(loop: EventLoop, server: SocketAddress) {
        do {
            connection = try Connection(loop: loop, connectingTo: server, delegate: self)
        } catch {
            agent.measurements.countDisconnect("speaker-connect-failed")
        }
    }

    /// Sends every frame due by `nowReal` (CLOCK_REALTIME ns); returns how many.
    func sendDueFrames(nowReal: UInt64, frameIntervalNanos: UInt64) -> Int {
        guard welcomed, let connection else { return 0 }
        var bytes: [UInt8] = []
        let sent = clock.sendDue(nowReal: nowReal, intervalNanos: frameIntervalNanos) { sequence, capture in
            FrameEncoder.append(.audio(AudioFrame(room: room, speaker: 0, sequence: sequence, captureTimeNanos: capture, payload: payload)), to: &bytes)
        }
        if sent > 0 { connection.send(bytes) }
        return sent
    }

    func stop() {
        connection?.send(FrameEncoder.encode(.bye(.normal)))
        connection?.close(notify: false)
        connection = nil
        welcomed = false
    }

    func connectionDidConnect(_ connection: Connection) {
        let token = agent.plan.speakerSecret.map {
            Array(SpeakerToken.mint(secret: $0, room: room, expiry: WallClock.realtimeNanos() / 1_000_000_000 + 86_400).utf8)
        } ?? []
        connection.send(FrameEncoder.encode(.hello(Hello(role: .speaker, room: room, clientID: UInt64(room) << 32, token: token))))
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        do {
            try decoder.decode(bytes) { frame in
                switch frame {
                case .welcome:
                    self.welcomed = true
                    self.clock.start(at: self.agent.measuringClockNanos())
                case .reject(let reason):
                    self.agent.measurements.countReject("speaker:\(reason)")
                    self.stop()
                case .bye(let reason):
                    self.agent.measurements.countDisconnect("speaker-server-bye:\(reason)")
                    self.stop()
                default:
                    break
                }
            }
        } catch {
            agent.measurements.countDisconnect("speaker-protocol-error")
            stop()
        }
    }

    func connection(_ connection: Connection, didCloseWith reason: CloseReason) {
        agent.measurements.countDisconnect("speaker-\(reason)")
        self.connection = nil
        welcomed = false
    }
}
