import Logging
import SwarmcastLoop
import SwarmcastWire

/// An edge's connection to its origin: joins as role relay, hands the origin's SETTINGS to the
/// server (which builds its rooms from them), and every audio frame to the edge's own rooms, which
/// fan it out to the edge's listeners. Reports go back the same way.
final class RelayUplink: ConnectionDelegate {
    private unowned let server: BroadcastServer
    private let edgeIndex: Int
    private var connection: Connection?
    private var decoder = FrameDecoder(maximumFrameBytes: 4 << 20)
    private(set) var welcomed = false
    /// Called when the origin goes away: an edge without its origin has nothing to relay.
    var onLost: (String) -> Void = { _ in }

    init(server: BroadcastServer, edgeIndex: Int) {
        self.server = server
        self.edgeIndex = edgeIndex
    }

    func start(loop: EventLoop, origin: SocketAddress) throws(LoopError) {
        connection = try Connection(loop: loop, connectingTo: origin, delegate: self)
    }

    func connectionDidConnect(_ connection: Connection) {
        connection.send(FrameEncoder.encode(.hello(Hello(role: .relay, room: 0, clientID: UInt64(max(0, edgeIndex))))))
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        do {
            try decoder.decode(bytes) { frame in
                switch frame {
                case .welcome: self.welcomed = true
                case .settings(let json): self.server.adoptOriginSettings(json)
                case .audio(let audio): self.server.core.relay(audio)
                case .roomState(let state): self.server.core.adoptOriginState(state)
                case .reject(let reason): self.lose("origin rejected the relay: \(reason)")
                case .bye(let reason): self.lose("origin said bye: \(reason)")
                default: break
                }
            }
        } catch {
            lose("bad data from origin: \(error)")
        }
        // One read from the origin is usually one packet: send what it brought at once.
        server.core.flushRelayedRooms()
    }

    func connection(_ connection: Connection, didCloseWith reason: CloseReason) {
        self.connection = nil
        lose("origin connection closed (\(reason))")
    }

    /// Sends each room's listener count and new reactions to the origin.
    func report(_ states: [RoomState]) {
        guard welcomed, let connection else { return }
        var bytes: [UInt8] = []
        for state in states { FrameEncoder.append(.roomState(state), to: &bytes) }
        if !bytes.isEmpty { connection.send(bytes) }
    }

    /// Sends one frame to the origin (SETTINGS adopted, EDGE_METRICS), once welcomed.
    func send(_ frame: Frame) {
        guard welcomed, let connection else { return }
        connection.send(FrameEncoder.encode(frame))
    }

    private func lose(_ why: String) {
        connection?.close(notify: false)
        connection = nil
        onLost(why)
    }
}
