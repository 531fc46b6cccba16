import SwarmcastHLS
import SwarmcastLoop
import SwarmcastWire

/// A room's audio in the formats players understand: the host seat's Opus packets paged as
/// Ogg/Opus for `listen.opus` listeners, and cut into LL-HLS parts and segments (fMP4) for HLS
/// requests (served in `RoomMedia+HLS.swift`).
///
/// Only seat 0 (the host) is carried: mixing several speakers would mean decoding and
/// re-encoding, which a load simulator has no business doing. Everything is built once per room
/// from the frames as they arrive, the same way on an origin and on its edges, and shared by
/// every listener.
final class RoomMedia {
    let roomID: UInt32
    let info: OpusStreamInfo
    private var ogg: OggOpusStream
    private var oggFrames = 0
    private var oggOldestCapture: UInt64 = 0
    /// `GET /rooms/R/listen.opus` listeners.
    private(set) var oggListeners: [any HTTPListenerSink] = []
    /// The LL-HLS window, fed from the first segment boundary after cutting starts, so every
    /// segment an edge builds is whole and the same name has the same bytes on every process.
    /// Cutting starts with the room (`hls_cutting: always`, the default): any process, an edge
    /// that a player's second connection lands on included, has complete segments for the
    /// first request a player, probe or CDN edge makes. `on-demand` starts at this process's
    /// first HLS request for the room instead: a room nobody watches as HLS then costs no
    /// memory (a full window is ~190 KB at the defaults, and a server may have 10,000 rooms).
    private(set) var hls: HLSSegmenter
    /// HLS is being cut (or will be from the next boundary); `hlsStarted` once it passed.
    private(set) var hlsWanted: Bool
    private var hlsStarted = false
    /// HLS requests waiting for a part (blocking reloads, preload hints).
    var parked: [Parked] = []
    /// The rendered playlist and the segmenter version it shows.
    var playlistCache: (version: UInt64, bytes: [UInt8])?
    /// The same for the delta update (`_HLS_skip=YES`).
    var deltaPlaylistCache: (version: UInt64, bytes: [UInt8])?
    /// Monotonic clock for the parked requests' deadlines (the core's, so tests can set it).
    let monotonicNanos: () -> UInt64
    /// The broadcast's clock (`BroadcastCore.broadcastClockNanos`), for parts' publication times.
    var broadcastNanos: () -> UInt64 = WallClock.realtimeNanos
    /// Where parked requests are counted (`swarmcast_hls_parked_requests`).
    let metrics: ServerMetrics?

    init(roomID: UInt32, frameIntervalNanos: UInt64, hls: HLSSegmenterConfig? = nil, cutHLSFromStart: Bool = true, metrics: ServerMetrics? = nil,
         monotonicNanos: @escaping () -> UInt64 = WallClock.monotonicNanos) {
        self.roomID = roomID
        hlsWanted = cutHLSFromStart
        self.metrics = metrics
        self.monotonicNanos = monotonicNanos
        self.hls = HLSSegmenter(config: hls ?? HLSSegmenterConfig(frameNanos: frameIntervalNanos, segmentNanos: 3_000_000_000, partNanos: 500_000_000, windowSegments: 6))
        info = OpusStreamInfo(frameIntervalNanos: frameIntervalNanos)
        // Serial: any fixed number per room, the same on every process serving it.
        ogg = OggOpusStream(serial: 0x5357_0000 | (roomID & 0xFFFF), info: info)
    }

    /// A host-seat frame arrived (Room calls this for speaker 0 only).
    func append(_ frame: AudioFrame) {
        if hlsWanted {
            if !hlsStarted { hlsStarted = frame.sequence >= 1 && (frame.sequence - 1) % UInt64(hls.config.framesPerSegment) == 0 }
            if hlsStarted, hls.append(packet: frame.payload, sequence: frame.sequence, captureNanos: frame.captureTimeNanos, nowNanos: broadcastNanos()),
               !parked.isEmpty {
                answerParked(now: monotonicNanos())
            }
        }
        guard !oggListeners.isEmpty else { return }
        if oggFrames == 0 { oggOldestCapture = frame.captureTimeNanos }
        ogg.append(packet: frame.payload, sequence: frame.sequence)
        oggFrames += 1
    }

    /// The Ogg pages completed since the last packet went out (nil when none).
    func takeOggPacket() -> OutboundPacket? {
        guard let pages = ogg.takePages() else { return nil }
        defer { oggFrames = 0 }
        return OutboundPacket(bytes: pages, frameCount: oggFrames, oldestCaptureNanos: oggOldestCapture)
    }

    /// Starts cutting HLS (at the next segment boundary): the room's first HLS request calls it.
    func wantHLS() { hlsWanted = true }

    /// Adds a `listen.opus` listener; returns the header pages it must get before the shared pages.
    func add(oggListener: any HTTPListenerSink) -> [UInt8] {
        oggListeners.append(oggListener)
        return ogg.headerPages(title: "Swarmcast room \(roomID)")
    }

    func remove(oggListener: any HTTPListenerSink) {
        oggListeners.removeAll { $0 === oggListener }
    }
}
