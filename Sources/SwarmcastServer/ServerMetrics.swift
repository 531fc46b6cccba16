import SwarmcastWire

/// The server's counters: what /metrics publishes and what tests compare with what clients saw.
public final class ServerMetrics {
    public internal(set) var connectionsAccepted = 0
    public internal(set) var listenersJoined = 0
    public internal(set) var speakersJoined = 0
    /// Audio frames received from speakers (client or built-in).
    public internal(set) var framesIn = 0
    /// Audio frames handed to listener sockets (a packet of K frames to N listeners counts K x N).
    public internal(set) var framesOut = 0
    /// Writes of packets to listeners (deliveries): the cost that bounds a broadcast server.
    public internal(set) var packetsOut = 0
    public internal(set) var bytesOut = 0
    public internal(set) var bytesIn = 0
    public internal(set) var reactions = 0
    public internal(set) var acceptPauses = 0
    /// Audio frames dropped for slow listeners, by policy.
    public internal(set) var droppedFrames: [String: Int] = [:]
    /// HELLOs refused, by REJECT reason.
    public internal(set) var rejects: [String: Int] = [:]
    /// Connections closed, by reason (peer-closed, too-slow, protocol-error, handshake-timeout, ...).
    public internal(set) var disconnects: [String: Int] = [:]
    /// Lag from a packet's oldest capture time to the end of its fan-out, in ms buckets.
    public internal(set) var fanOutLag = BucketHistogram(upperBounds: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10])

    /// HLS requests answered, by "kind status" (playlist, playlist-blocking, init, segment, part, bad-request, other).
    public internal(set) var hlsRequests: [String: Int] = [:]
    /// HLS response bytes (heads and bodies).
    public internal(set) var hlsBytesOut = 0
    /// HLS requests parked now (blocking reloads, preload hints) and ever.
    public internal(set) var hlsParkedNow = 0
    public internal(set) var hlsParkedTotal = 0

    init() {}

    func countHLS(kind: String, status: Int, bytes: Int) {
        hlsRequests["\(kind) \(status)", default: 0] += 1
        hlsBytesOut += bytes
    }

    func countReject(_ reason: RejectReason) { rejects[reason.description, default: 0] += 1 }
    func countDisconnect(_ reason: String) { disconnects[reason, default: 0] += 1 }
    func countDrop(_ policy: String, frames: Int) { droppedFrames[policy, default: 0] += frames }
}

/// A cumulative histogram with fixed upper bounds (seconds), as Prometheus histograms are.
public struct BucketHistogram: Sendable {
    public let upperBounds: [Double]
    public private(set) var counts: [Int]
    public private(set) var sum: Double = 0
    public private(set) var count = 0

    public init(upperBounds: [Double]) {
        self.upperBounds = upperBounds
        counts = Array(repeating: 0, count: upperBounds.count)
    }

    public mutating func record(_ seconds: Double) {
        sum += seconds
        count += 1
        if let i = upperBounds.firstIndex(where: { seconds <= $0 }) { counts[i] += 1 }
    }

    /// Cumulative counts per bound, as Prometheus' `le` buckets want them.
    public var cumulativeCounts: [Int] {
        var total = 0
        return counts.map { total += $0; return total }
    }
}
