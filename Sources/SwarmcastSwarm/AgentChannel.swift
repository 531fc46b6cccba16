import SwarmcastLoop
import SwarmcastMeasure

/// The coordinator's side of one agent's pipe on its event loop: bytes go to the binary
/// `AgentPipeReader`, whole snapshots to the aggregator; corrupt or truncated records are
/// counted there and reported with the run.
final class AgentChannel: ConnectionDelegate {
    let agent: AgentProcess
    var connection: Connection?
    private(set) var reader = AgentPipeReader()
    private let onSnapshot: (AgentSnapshot) -> Void
    private let onEnd: (AgentChannel) -> Void
    private(set) var ended = false

    init(loop: EventLoop, agent: AgentProcess, onSnapshot: @escaping (AgentSnapshot) -> Void, onEnd: @escaping (AgentChannel) -> Void) {
        self.agent = agent
        self.onSnapshot = onSnapshot
        self.onEnd = onEnd
        connection = Connection(loop: loop, acceptedSocket: agent.channelFD, delegate: nil)
        connection?.delegate = self
    }

    /// Records that could not be read, corrupt or cut short.
    var badRecords: Int { reader.corruptRecords + reader.truncatedRecords }

    func connectionDidConnect(_ connection: Connection) {}

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        reader.feed(bytes, onSnapshot)
    }

    func connection(_ connection: Connection, didCloseWith reason: CloseReason) {
        reader.finish()
        ended = true
        self.connection = nil
        onEnd(self)
    }
}
