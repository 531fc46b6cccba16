import SwarmcastLoop

/// The GET requests for a target's segments and parts, built once per URI and shared by its
/// players: every player of a target fetches the same URIs, so building each request (path
/// resolution, a byte array, a packet) per player per fetch was work done thousands of times
/// over (issue 21: the generator's CPU per request). Bounded: a live playlist's URIs come and
/// go, and past `capacity` the cache starts again. One target, one agent, one event loop.
final class MediaRequestCache {
    private var packets: [String: OutboundPacket] = [:]
    private let capacity: Int

    init(capacity: Int = 512) { self.capacity = capacity }

    /// The request for `uri`, built by `make` the first time it is asked for.
    func packet(for uri: String, make: () -> OutboundPacket) -> OutboundPacket {
        if let packet = packets[uri] { return packet }
        if packets.count >= capacity { packets.removeAll(keepingCapacity: true) }
        let packet = make()
        packets[uri] = packet
        return packet
    }
}
