@testable import SwarmcastServer
import SwarmcastSettings
import SwarmcastWire

/// A `BroadcastCore` on a hand-set clock, with helpers that join fake clients the way the server
/// shell does: no event loop, no socket, no binary.
final class CoreHarness {
    let clock = ManualClock()
    let metrics = ServerMetrics()
    /// What the core is told is queued across all connections (for the memory ceiling).
    var processQueuedBytes = 0
    private(set) var core: BroadcastCore!

    init(role: ServerRole = .standalone, _ configure: (inout BroadcastSettings) -> Void = { _ in }) {
        var settings = BroadcastSettings()
        settings.server.demoSpeakers = 0
        configure(&settings)
        core = BroadcastCore(settings: settings, role: role, metrics: metrics, clock: clock.coreClock) { [unowned self] in
            self.processQueuedBytes
        }
    }

    var frameIntervalNanos: UInt64 { core.settings.audio.frameInterval.nanosecondsValue }

    /// Sends a HELLO from a new fake client; an admitted listener leaves its room when closed.
    @discardableResult
    func hello(_ role: Role = .listener, room: UInt32 = 1, version: UInt16 = protocolVersion,
               token: [UInt8] = [], client: FakeListener = FakeListener()) -> (FakeListener, Admission) {
        let admission = core.admit(Hello(version: version, role: role, room: room, clientID: 7, token: token), from: client)
        switch admission {
        case .listener(let joined, _):
            client.onClose = { [unowned self, unowned client] in self.core.remove(listener: client, from: joined) }
        case .relay:
            client.onClose = { [unowned self, unowned client] in self.core.remove(relay: client) }
        default:
            break
        }
        return (client, admission)
    }

    /// A listener that was admitted to `room`.
    func listener(room: UInt32 = 1) -> FakeListener {
        let (client, admission) = hello(.listener, room: room)
        guard case .listener = admission else { preconditionFailure("not admitted: \(admission)") }
        return client
    }

    /// `count` frame intervals pass; the frame timer fires at each of its ticks among them
    /// (every `core.framesPerTick` frame intervals, counted from the start).
    func tick(_ count: Int = 1) {
        for _ in 0..<count {
            clock.advance(nanos: frameIntervalNanos)
            framesElapsed += 1
            if framesElapsed % core.framesPerTick == 0 { core.tick() }
        }
    }
    private var framesElapsed = 0
}

extension Admission {
    /// The REJECT reason, or nil when admitted.
    var rejection: RejectReason? { if case .rejected(let reason) = self { reason } else { nil } }
}
