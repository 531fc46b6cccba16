@testable import SwarmcastServer
import SwarmcastLoop
import SwarmcastWire

/// A listener without a socket: records what the core sends it, and can stall like a client that
/// stopped reading, so the slow-listener policy can be watched packet by packet.
final class FakeListener: HTTPListenerSink {
    var roomIndex = -1
    var icyMetaInterval: Int? = nil
    /// False for a fake version 1 peer, which is sent packets without HOPS.
    var hearsHopStamps = true
    /// While true, nothing is written: packets queue as they would behind a full socket.
    var stalled = false
    /// Packets the "socket" took, oldest first.
    private(set) var written: [OutboundPacket] = []
    /// Packets waiting behind the stalled "socket", oldest first.
    private(set) var queued: [OutboundPacket] = []
    /// Why the core closed it, if it did.
    private(set) var closedReason: String?
    /// What leaving means (a session leaves its room through the core); set by the test.
    var onClose: (() -> Void)?

    var queuedFrames: Int { queued.reduce(0) { $0 + $1.frameCount } }
    var queuedBytes: Int { queued.reduce(0) { $0 + $1.bytes.count } }

    /// A socket the fan-out writes to directly while nothing is queued here (a test's socket
    /// pair), or -1: then every packet goes through `send`.
    var directSocket: Int32 = -1
    /// Direct writes the socket did not take whole: send()'s result for each.
    private(set) var unfinishedDirectWrites: [Int] = []

    func finishDirectWrite(_ packet: OutboundPacket, result: Int, errno code: Int32) {
        unfinishedDirectWrites.append(result)
    }

    func send(_ packet: OutboundPacket) {
        guard closedReason == nil else { return }
        let packet = variant(of: packet)
        if stalled { queued.append(packet) } else { written.append(packet) }
    }

    /// As `Connection` does it: oldest audio first, packets without audio stay.
    func dropOldestQueued(keepingFrames: Int) -> Int {
        var dropped = 0
        var index = 0
        while queuedFrames > keepingFrames && index < queued.count {
            if queued[index].frameCount == 0 { index += 1; continue }
            dropped += queued.remove(at: index).frameCount
        }
        return dropped
    }

    func close(reason: String) {
        guard closedReason == nil else { return }
        closedReason = reason
        onClose?()
    }

    func interleaveMetadata(_ bytes: [UInt8]) -> [UInt8] { bytes }

    /// Every frame in the packets written, then those still queued.
    var frames: [Frame] {
        var decoder = FrameDecoder()
        return (written + queued).flatMap { (try? decoder.frames(in: $0.bytes)) ?? [] }
    }

    /// The HOPS frames among `frames`.
    var hops: [HopStamps] { frames.compactMap { if case .hops(let h) = $0 { h } else { nil } } }

    /// The audio frames among `frames`.
    var audio: [AudioFrame] { frames.compactMap { if case .audio(let a) = $0 { a } else { nil } } }
}

/// A clock a test sets by hand, so packets and intervals advance without sleeping.
final class ManualClock {
    var monotonicNanos: UInt64 = 1_000_000_000_000
    var realtimeNanos: UInt64 = 1_700_000_000_000_000_000

    var coreClock: CoreClock {
        CoreClock(monotonicNanos: { self.monotonicNanos }, realtimeNanos: { self.realtimeNanos })
    }

    /// Moves both clocks on.
    func advance(nanos: UInt64) {
        monotonicNanos += nanos
        realtimeNanos += nanos
    }
}
