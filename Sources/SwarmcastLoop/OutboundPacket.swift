#if canImport(Glibc)
import Glibc
#endif
/// Bytes encoded once and written to many connections.
///
/// Fan-out shares one packet between every listener of a room: each connection's queue holds a
/// reference, never a copy, so a frame costs the same memory for 10 listeners or 10,000.
public final class OutboundPacket {
    public let bytes: [UInt8]
    /// How many audio frames the packet carries (for counting drops in frames).
    public let frameCount: Int
    /// Capture time of the packet's oldest frame (ns, CLOCK_REALTIME), for lag measurements.
    public let oldestCaptureNanos: UInt64
    /// The same packet for peers of an older protocol version, when its bytes differ (a room
    /// packet without its HOPS frame); nil when these bytes serve everyone. Built once per packet.
    public let legacy: OutboundPacket?

    public init(bytes: [UInt8], frameCount: Int = 0, oldestCaptureNanos: UInt64 = 0, legacy: OutboundPacket? = nil) {
        self.bytes = bytes
        self.frameCount = frameCount
        self.oldestCaptureNanos = oldestCaptureNanos
        self.legacy = legacy
    }
}
