import SwarmcastHLS
import SwarmcastSettings

extension BroadcastSettings {
    /// How rooms cut their audio for HLS, from `segment_duration`, `part_duration`, `playlist_segments`.
    var hlsSegmenterConfig: HLSSegmenterConfig {
        HLSSegmenterConfig(frameNanos: audio.frameInterval.nanosecondsValue, segmentNanos: server.segmentDuration.nanosecondsValue,
                           partNanos: server.partDuration.nanosecondsValue, windowSegments: server.playlistSegments)
    }
}

/// HLS on the broadcast port, the core's half: admission of HLS connections, answers, parking.
/// Requests are short, but a keep-alive HLS connection is a listener for the counts and the
/// `max_listeners` ceiling, like a streaming one.
extension BroadcastCore {
    /// A connection's first HLS request: counted as a listener, or false when the process is full (503).
    func admitHLSConnection() -> Bool {
        guard listenerCount < settings.server.maxListeners else {
            metrics.countReject(.full)
            return false
        }
        listenerCount += 1
        metrics.listenersJoined += 1
        return true
    }

    /// An HLS connection closed: it no longer counts, and its parked request is forgotten.
    func removeHLSConnection(_ requester: any HLSRequester) {
        listenerCount -= 1
        for room in rooms { room.media.cancelParked(requester) }
    }

    /// Answers an HLS request now (the returned response), or parks it (nil) until its part
    /// exists or its deadline passes; the session is then answered through `requester`.
    func serveHLS(_ target: HLSRequestTarget, for requester: any HLSRequester) -> HLSResponse? {
        switch target {
        case .notHLS, .unknownName:
            return .error(404, kind: "other")
        case .malformed:
            return .error(400, kind: "bad-request")
        case .resource(let roomID, let resource):
            guard let room = room(roomID) else { return .error(404, kind: resource.kind) }
            let (response, wait) = room.media.hlsAnswer(resource)
            guard let wait else { return response ?? .error(404, kind: resource.kind) }
            room.media.park(requester, wait: wait, kind: resource.kind, now: clock.monotonicNanos())
            return nil
        }
    }

    /// Every frame interval: parked requests past their deadline get 503.
    func expireParkedHLS() {
        guard metrics.hlsParkedNow > 0 else { return }
        let now = clock.monotonicNanos()
        for room in rooms { room.media.answerParked(now: now) }
    }
}
