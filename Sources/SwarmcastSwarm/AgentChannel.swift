import Foundation
import SwarmcastLoop

/// The coordinator's reader of one agent's snapshot stream (newline-delimited JSON).
final class AgentChannel: ConnectionDelegate {
    let agent: AgentProcess
    var connection: Connection?
    private var pending: [UInt8] = []
    private let decoder = JSONDecoder()
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

    func connectionDidConnect(_ connection: Connection) {}

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        pending.append(contentsOf: bytes)
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            let line = Data(pending[..<newline])
            pending.removeSubrange(...newline)
            // A line that does not parse is a broken agent; what it sent before still counts.
            if let snapshot = try? decoder.decode(AgentSnapshot.self, from: line) { onSnapshot(snapshot) }
        }
    }

    func connection(_ connection: Connection, didCloseWith reason: CloseReason) {
        ended = true
        self.connection = nil
        onEnd(self)
    }
}
