import SwarmcastHLS

/// Serving a room's HLS from its segmenter: answers, and requests parked until their part exists.
extension RoomMedia {
    /// What a parked request waits for.
    enum Wait {
        /// A plain playlist request before the room's first complete segment: a plain HLS player
        /// (ffmpeg, GStreamer, a CDN edge) cannot start from parts alone, so it is never told of
        /// a window without one.
        case firstSegment(skip: Bool)
        /// A blocking reload: the playlist once segment `msn` (part `part`) is published.
        case published(msn: UInt64, part: Int?, skip: Bool)
        /// The preload-hinted part, once it exists.
        case part(msn: UInt64, index: Int)
    }

    struct Parked {
        let requester: any HLSRequester
        let wait: Wait
        let deadlineNanos: UInt64
        let kind: String
    }

    /// The answer to `resource` now, or nil when the request must wait (`wait` says for what).
    func hlsAnswer(_ resource: HLSResource) -> (HLSResponse?, Wait?) {
        if !hlsWanted { wantHLS() }
        let c = hls.config
        switch resource {
        case .initSegment:
            return (HLSResponse(status: 200, contentType: "audio/mp4", cacheControl: "max-age=86400, immutable", body: hls.initSegment, kind: resource.kind, acceptsRanges: true), nil)
        case .playlist(nil, _, let skip):
            guard !hls.segments.isEmpty else { return (nil, .firstSegment(skip: skip)) }
            return (playlist(skip: skip, cacheControl: "max-age=\(max(1, Int(c.partSeconds.rounded(.down))))", kind: resource.kind), nil)
        case .playlist(let msn?, let part, let skip):
            guard let next = hls.nextMSN else { return (nil, .published(msn: msn, part: part, skip: skip)) }
            // RFC 8216bis 6.2.5.2: more than two segments ahead of the playlist is a bad request.
            if msn > next + 2 { return (.error(400, kind: resource.kind), nil) }
            guard hls.hasPublished(msn: msn, part: part) || msn < (hls.firstMSN ?? 0) else { return (nil, .published(msn: msn, part: part, skip: skip)) }
            return (playlist(skip: skip, cacheControl: "max-age=\(6 * c.targetDurationSeconds)", kind: resource.kind), nil)
        case .segment(let msn):
            guard let segment = hls.segment(msn) else { return (.error(404, kind: resource.kind), nil) }
            return (media(segment.bytes, publishedNanos: segment.publishedNanos, kind: resource.kind), nil)
        case .part(let msn, let index):
            if let part = hls.part(msn, index) { return (media(part.bytes, publishedNanos: part.publishedNanos, kind: resource.kind), nil) }
            if let next = hls.nextPart, next.msn == msn, next.index == index { return (nil, .part(msn: msn, index: index)) }
            return (.error(404, kind: resource.kind), nil)
        }
    }

    /// Parks a request until `wait` is met or three target durations pass (then 503), as
    /// RFC 8216bis asks of blocking playlist reloads. A cold room's first segment is complete
    /// within two segment durations (the next boundary, then the segment), inside that deadline.
    func park(_ requester: any HLSRequester, wait: Wait, kind: String, now: UInt64) {
        let deadline = now &+ UInt64(3 * hls.config.targetDurationSeconds) * 1_000_000_000
        parked.append(Parked(requester: requester, wait: wait, deadlineNanos: deadline, kind: kind))
        metrics?.hlsParkedNow += 1
        metrics?.hlsParkedTotal += 1
    }

    /// Answers every parked request whose wait is over; returns how many left the queue.
    @discardableResult
    func answerParked(now: UInt64) -> Int {
        guard !parked.isEmpty else { return 0 }
        var still: [Parked] = []
        var answered: [(any HLSRequester, HLSResponse)] = []
        for p in parked {
            if let response = response(after: p.wait, kind: p.kind) {
                answered.append((p.requester, response))
            } else if now >= p.deadlineNanos {
                answered.append((p.requester, .error(503, kind: p.kind)))
            } else {
                still.append(p)
            }
        }
        parked = still
        metrics?.hlsParkedNow -= answered.count
        // Answered after the queue is consistent: an answer may close a session, which cancels.
        for (requester, response) in answered { requester.answer(response) }
        return answered.count
    }

    /// Forgets a closed requester's parked request; returns how many were dropped.
    @discardableResult
    func cancelParked(_ requester: any HLSRequester) -> Int {
        let before = parked.count
        parked.removeAll { $0.requester === requester }
        metrics?.hlsParkedNow -= before - parked.count
        return before - parked.count
    }

    var parkedCount: Int { parked.count }

    private func response(after wait: Wait, kind: String) -> HLSResponse? {
        switch wait {
        case .firstSegment(let skip):
            return hls.segments.isEmpty ? nil : hlsAnswer(.playlist(msn: nil, part: nil, skip: skip)).0
        case .published(let msn, let part, let skip):
            return hls.nextMSN == nil ? nil : hlsAnswer(.playlist(msn: msn, part: part, skip: skip)).0
        case .part(let msn, let index):
            return hls.part(msn, index) == nil ? nil : hlsAnswer(.part(msn: msn, index: index)).0
        }
    }

    /// A segment or part, with when it was published (`X-Swarmcast-Published`, ns on the
    /// broadcast's clock), from which a player splits its delay into packaging, discovery and
    /// fetch (docs/delay-by-tier.md).
    private func media(_ bytes: [UInt8], publishedNanos: UInt64, kind: String) -> HLSResponse {
        var response = HLSResponse(status: 200, contentType: "audio/mp4", cacheControl: "max-age=\(segmentMaxAge), immutable", body: bytes, kind: kind,
                                   acceptsRanges: true)
        if publishedNanos > 0 { response.extraHeaders = "X-Swarmcast-Published: \(publishedNanos)\r\n" }
        return response
    }

    /// Segments and parts never change once published: cacheable for longer than they live.
    private var segmentMaxAge: Int { max(60, 2 * hls.config.windowSegments * hls.config.targetDurationSeconds) }

    /// The playlist text (or its delta update), rendered once per change of the window and
    /// shared by every requester.
    private func playlist(skip: Bool, cacheControl: String, kind: String) -> HLSResponse {
        let bytes: [UInt8]
        if skip {
            if deltaPlaylistCache?.version != hls.version {
                deltaPlaylistCache = (hls.version, Array(HLSPlaylistWriter.render(hls, skip: true).utf8))
            }
            bytes = deltaPlaylistCache!.bytes
        } else {
            if playlistCache?.version != hls.version {
                playlistCache = (hls.version, Array(HLSPlaylistWriter.render(hls).utf8))
            }
            bytes = playlistCache!.bytes
        }
        return HLSResponse(status: 200, contentType: "application/vnd.apple.mpegurl", cacheControl: cacheControl, body: bytes, kind: kind)
    }
}
