import SwarmcastHLS
import SwarmcastLoop
import SwarmcastMeasure

/// The HLS / LL-HLS player inside a `ListenerClient`: one keep-alive connection, one request at
/// a time. It reloads the media playlist (every target duration, half of it after a reload with
/// nothing new; LL-HLS: blocking reloads for the next part), fetches what is new, and measures: delay (arrival − the segment's
/// PROGRAM-DATE-TIME, + the part's offset), time to first audio, playlist staleness and
/// segment/part fetch times (histograms, and sums for the means), rebuffering of a simulated
/// player, HTTP errors by status and kind, and failures by cause (`protocol-error:playlist`,
/// `timeout:segment`, `truncated:part`, ...).
final class HLSListenerSession: TimerWheelClient {
    enum Fetch {
        case playlist(blocking: Bool)
        case initSegment
        case media(isPart: Bool, msn: UInt64, index: Int, seconds: Double, dateNanos: UInt64?, recordDelay: Bool)

        /// The fetch's name in failure causes (`timeout:segment`, `http-404:part`): built only when
        /// a cause is counted, never per request.
        var kind: String {
            switch self {
            case .playlist: "playlist"
            case .initSegment: "init"
            case .media(let isPart, _, _, _, _, _): isPart ? "part" : "segment"
            }
        }

        var isPlaylist: Bool { if case .playlist = self { true } else { false } }
        var isInit: Bool { if case .initSegment = self { true } else { false } }
        var isMedia: Bool { if case .media = self { true } else { false } }
    }

    private unowned(unsafe) let listener: ListenerClient
    private unowned(unsafe) let measurements: AgentMeasurements
    /// The agent's wheel: reloads are deadlines on it, fired by the agent's 5 ms tick.
    private let wheel: TimerWheel
    private let target: HLSTarget
    private let lowLatency: Bool
    /// `listeners.playlist_updates: delta`: ask for delta updates where offered.
    private let usesDeltaUpdates: Bool
    /// `late_after` when the scenario sets it; otherwise late is judged against the playlist's
    /// hold-back (`holdBackUnits`): media that arrives later than the player plays behind live
    /// is media it could not have played on time.
    private let lateAfterUnits: UInt64?
    private var holdBackUnits: UInt64 = .max
    /// `CAN-SKIP-UNTIL` of the last playlist: reloads ask for delta updates (`_HLS_skip=YES`).
    private var skipBoundary: Double?
    /// When the last playlist arrived (monotonic ns): a delta update is asked for only while it
    /// is younger than half the Skip Boundary (RFC 8216bis 6.3.7).
    private var lastPlaylistArrivalNanos: UInt64 = 0
    /// How long one answer may take (a blocking reload adds three target durations).
    private let responseTimeoutNanos: UInt64
    private var reader = HTTPResponseReader()
    private var outstanding: Fetch?
    private var queue: [Fetch] = []
    /// The reload scheduled on the wheel; bumped to cancel it (a stale firing is ignored).
    private var reloadGeneration: UInt32 = 0
    /// When the outstanding request times out (monotonic ns; 0 when none is outstanding). The
    /// agent's sweep checks it (`timedOut(now:)`) five times a second: a per-request timer
    /// cost an event_add and an event_del on libevent's heap for every request.
    private var responseDeadlineNanos: UInt64 = 0
    private var stopped = false
    private var fetchedInit = false
    /// Next segment (HLS) or part (LL-HLS) to fetch.
    private var nextMSN: UInt64?
    private var nextPartIndex = 0
    private var playlistSentNanos: UInt64 = 0
    private var targetDuration = 1.0
    private var partTarget: Double?
    private var canBlock = false
    private var player = SimulatedPlayer(startAfter: 2)
    private var reportedStalls = 0
    private var reportedPlayedNanos: UInt64 = 0
    private var reportedStalledNanos: UInt64 = 0
    private var sentNanos: UInt64 = 0
    private var gotAudio = false

    init(listener: ListenerClient, measurements: AgentMeasurements, wheel: TimerWheel, target: HLSTarget, lowLatency: Bool,
         lateAfterUnits: UInt64?, usesDeltaUpdates: Bool, responseTimeoutNanos: UInt64) {
        self.usesDeltaUpdates = usesDeltaUpdates
        self.listener = listener
        self.measurements = measurements
        self.wheel = wheel
        self.target = target
        self.lowLatency = lowLatency
        self.lateAfterUnits = lateAfterUnits
        self.responseTimeoutNanos = responseTimeoutNanos
    }

    /// Connected: ask for the playlist.
    func begin() { requestPlaylist(blocking: false) }

    func stop() {
        stopped = true
        reloadGeneration &+= 1
        responseDeadlineNanos = 0
    }

    /// The outstanding request's kind when it has waited past its timeout at `now`.
    func timedOut(now: UInt64) -> String? {
        responseDeadlineNanos != 0 && now > responseDeadlineNanos ? outstanding?.kind ?? "response" : nil
    }

    /// Why the connection's close is a failure of its own kind (a response cut short), or nil.
    var closeCause: String? { reader.isMidResponse ? "truncated:\(outstanding?.kind ?? "response")" : nil }

    func read(_ bytes: UnsafeRawBufferPointer) {
        let wantsPlaylist = outstanding?.isPlaylist ?? false
        let limit = outstanding == nil ? 0 : wantsPlaylist ? HLSMediaPlaylist.maximumBytes : 64 << 20
        do {
            // Media bodies are kept only for a decoded listener (`ears`), which decodes them.
            let keeps = wantsPlaylist || (listener.ears != nil && outstanding?.isMedia == true)
            try reader.read(bytes, keepBody: { status in keeps && status == 200 }, limit: limit) { response in self.handle(response) }
        } catch {
            listener.fail("protocol-error:http-\(error)")
        }
    }

    private func handle(_ response: HTTPResponseReader.Response) {
        guard listener.isOpen, let fetch = outstanding else { return listener.fail("protocol-error:unexpected-response") }
        outstanding = nil
        responseDeadlineNanos = 0
        let now = WallClock.monotonicNanos()
        listener.lastAudioNanos = now
        listener.stalled = false
        updatePlayer(now: now)
        measurements.hls.requests += 1
        let fetchMicros = Int((now - sentNanos) / 1_000)
        guard response.status == 200 else {
            measurements.countReject("http-\(response.status):\(fetch.kind)")
            // A segment or part that is not there is lost for this listener; it goes on with the next.
            if case .media = fetch { measurements.counters.framesLost += 1 }
            return fetch.isPlaylist ? schedulePlaylist(after: targetDuration) : next()
        }
        switch fetch {
        case .playlist:
            measurements.hls.playlists += 1
            measurements.hls.playlistBytes += response.body.count
            measurements.hls.playlistFetchMicros += fetchMicros
            playlistArrived(response.body, now: now)
        case .initSegment:
            fetchedInit = true
            next()
        case .media(_, _, _, let seconds, let dateNanos, let recordDelay):
            measurements.hls.media += 1
            measurements.hls.mediaFetchMicros += fetchMicros
            measurements.segmentFetch.record(nanos: now - sentNanos)
            mediaArrived(seconds: seconds, dateNanos: dateNanos, publishedNanos: response.publishedNanos, recordDelay: recordDelay, now: now)
            listener.ears?.hearMedia(response.body)
            next()
        }
    }

    private func playlistArrived(_ body: [UInt8], now: UInt64) {
        let playlist: HLSMediaPlaylist
        do { playlist = try target.playlists.parse(body) } catch { return listener.fail("protocol-error:playlist") }
        if listener.state == .helloSent { listener.welcomed() }
        // Staleness: how old the newest media this player can use (LL-HLS: the newest part; HLS: the
        // newest complete segment) is as the playlist arrives.
        if let end = playlist.newestMediaEndNanos(parts: lowLatency) {
            let nowReal = WallClock.realtimeNanos()
            let age = nowReal > end ? nowReal - end : 0
            measurements.hls.stalenessMillis += Int(age / 1_000_000)
            measurements.playlistStaleness.record(nanos: age)
        }
        lastPlaylistArrivalNanos = now
        skipBoundary = playlist.skipBoundary
        holdBackUnits = LatencyUnit.units(nanos: UInt64(playlist.playbackHoldBack(lowLatency: lowLatency) * 1e9))
        guard listener.state == .receiving else { return }
        targetDuration = max(0.1, playlist.targetDuration)
        partTarget = playlist.partTarget
        canBlock = playlist.canBlockReload
        if let map = playlist.mapURI, !fetchedInit, !queue.contains(where: \.isInit) {
            mapURI = map
            queue.append(.initSegment)
        }
        let before = queue.count
        if lowLatency, partTarget != nil { queueParts(playlist) } else { queueSegments(playlist) }
        // A reload that brought nothing new is not repeated at once (a server that answers
        // blocking reloads early would otherwise be asked in a busy loop).
        if queue.count == before, lastPlaylistBlocking { return schedulePlaylist(after: partTarget ?? targetDuration) }
        lastReloadBroughtMedia = queue.count > before
        next()
    }

    /// Plain HLS: every segment after the last fetched; a new listener starts two from the end
    /// (what it needs to start playing), and those two are not timed: they were old on arrival
    /// by design.
    private func queueSegments(_ p: HLSMediaPlaylist) {
        let first = nextMSN == nil
        if nextMSN == nil { nextMSN = p.nextMSN >= 2 ? max(p.firstListedMSN, p.nextMSN - 2) : p.firstListedMSN }
        if let want = nextMSN, want < p.firstListedMSN {
            measurements.counters.framesLost += Int(p.firstListedMSN - want)
            nextMSN = p.firstListedMSN
        }
        for s in p.segments where s.msn >= nextMSN! {
            queue.append(.media(isPart: false, msn: s.msn, index: 0, seconds: s.duration, dateNanos: s.dateNanos, recordDelay: !first))
            segmentURIs[s.msn] = s.uri
            nextMSN = s.msn + 1
        }
    }

    /// LL-HLS: every part after the last fetched; a new listener starts two parts from the end.
    private func queueParts(_ p: HLSMediaPlaylist) {
        var all: [(UInt64, Int, HLSMediaPlaylist.Part)] = []
        for s in p.segments { for (i, part) in s.parts.enumerated() { all.append((s.msn, i, part)) } }
        for (i, part) in p.openParts.enumerated() { all.append((p.nextMSN, i, part)) }
        if nextMSN == nil, !all.isEmpty {
            let start = all[max(0, all.count - 2)]
            (nextMSN, nextPartIndex) = (start.0, start.1)
        }
        guard let want = nextMSN else { return }
        if let first = all.first, (first.0, first.1) > (want, nextPartIndex) {
            // The parts we wanted left the playlist before we got them.
            measurements.counters.framesLost += 1
            (nextMSN, nextPartIndex) = (first.0, first.1)
        }
        for (msn, index, part) in all where (msn, index) >= (nextMSN!, nextPartIndex) {
            queue.append(.media(isPart: true, msn: msn, index: index, seconds: part.duration, dateNanos: part.dateNanos, recordDelay: true))
            (nextMSN, nextPartIndex) = (msn, index + 1)
            partURIs[key(msn, index)] = part.uri
        }
        // Past the last part of a complete segment, the next part is the next segment's first.
        if let segment = p.segments.first(where: { $0.msn == nextMSN }), nextPartIndex >= segment.parts.count {
            (nextMSN, nextPartIndex) = (segment.msn + 1, 0)
        }
    }

    private var partURIs: [UInt64: String] = [:]
    private func key(_ msn: UInt64, _ index: Int) -> UInt64 { msn << 16 | UInt64(index & 0xFFFF) }

    private func mediaArrived(seconds: Double, dateNanos: UInt64?, publishedNanos: UInt64?, recordDelay: Bool, now: UInt64) {
        let nowReal = WallClock.realtimeNanos()
        if recordDelay, let date = dateNanos {
            let units = LatencyUnit.units(nanos: nowReal > date ? nowReal - date : 0)
            measurements.recordingDelays { delay, _ in delay.recordClamped(units) }
            // The request's send time on the realtime clock, from the monotonic interval since.
            if let publishedNanos { recordTiers(dateNanos: date, publishedNanos: publishedNanos, sentNanos: nowReal &- (now &- sentNanos), receivedNanos: nowReal) }
            if units > (lateAfterUnits ?? holdBackUnits) { measurements.counters.framesLate += 1 }
        }
        measurements.counters.framesReceived += 1
        if !gotAudio {
            gotAudio = true
            measurements.counters.receivedAudio += 1
            measurements.firstAudio.record(nanos: now - listener.startNanos)
        }
        player.add(seconds: seconds, now: now)
        updatePlayer(now: now)
    }

    /// Splits one part's (segment's) delay: its first frame's capture (the playlist's date) to
    /// its publication, publication to the request (0 when the request came first: a blocking
    /// reload or a preload hint answered at publication), and on to the response. Floored to µs
    /// first, so the three add up to the delay exactly.
    private func recordTiers(dateNanos: UInt64, publishedNanos: UInt64, sentNanos: UInt64, receivedNanos: UInt64) {
        let date = Int64(dateNanos / 1000), published = Int64(publishedNanos / 1000)
        let sent = Int64(sentNanos / 1000), received = Int64(receivedNanos / 1000)
        let asked = max(sent, published)
        measurements.hlsDelayTiers.record(packaging: published - date, discovery: asked - published, fetch: received - asked)
    }

    /// Plays the simulated player up to `now` and reports what changed: on every response, and
    /// once a second from the agent's sweep, so a player whose server went quiet stalls on time.
    func updatePlayer(now: UInt64) {
        player.advance(to: now)
        if player.stalls > reportedStalls {
            measurements.counters.stalls += player.stalls - reportedStalls
            reportedStalls = player.stalls
        }
        let playedMillis = Int((player.playedNanos - reportedPlayedNanos) / 1_000_000)
        if playedMillis > 0 {
            measurements.hls.playedMillis += playedMillis
            reportedPlayedNanos += UInt64(playedMillis) * 1_000_000
        }
        let stalledMillis = Int((player.stalledNanos(through: now) - reportedStalledNanos) / 1_000_000)
        if stalledMillis > 0 {
            measurements.hls.stalledMillis += stalledMillis
            reportedStalledNanos += UInt64(stalledMillis) * 1_000_000
        }
    }

    /// Sends the next queued fetch, or (queue empty) arranges the next playlist.
    private func next() {
        guard listener.isOpen else { return }
        guard !queue.isEmpty else {
            if lowLatency, canBlock, partTarget != nil, nextMSN != nil { return requestPlaylist(blocking: true) }
            // RFC 8216 §6.3.4: reload after the target duration, but after half of it when the
            // last reload brought nothing new. Polling at a fixed period instead drifts against
            // the segment boundaries until a poll lands just before a segment completes and the
            // player waits a whole extra period for it (seen as stalls at 10,000 listeners).
            let period = lowLatency ? (partTarget ?? targetDuration) : targetDuration
            return schedulePlaylist(after: lastReloadBroughtMedia ? period : period / 2)
        }
        let fetch = queue.removeFirst()
        switch fetch {
        case .initSegment:
            send(fetch, request: target.request(uri: mapURI ?? "init.mp4"))
        case .media(let isPart, let msn, let index, _, _, _):
            let uri = isPart ? partURIs.removeValue(forKey: key(msn, index)) ?? "part\(msn).\(index).m4s" : (segmentURIs.removeValue(forKey: msn) ?? "seg\(msn).m4s")
            send(fetch, request: target.request(uri: uri))
        case .playlist(let blocking):
            requestPlaylist(blocking: blocking)
        }
    }

    private var segmentURIs: [UInt64: String] = [:]
    private var mapURI: String?
    private var lastPlaylistBlocking = false
    /// Whether the last playlist reload listed media not seen before (sets the next reload's wait).
    private var lastReloadBroughtMedia = true

    private func requestPlaylist(blocking: Bool) {
        let now = WallClock.monotonicNanos()
        let blockingQuery = blocking ? nextMSN.map { "_HLS_msn=\($0)&_HLS_part=\(nextPartIndex)" } : nil
        let skips = usesDeltaUpdates && skipBoundary != nil && nextMSN != nil
            && Double(now - lastPlaylistArrivalNanos) < skipBoundary! / 2 * 1e9
        playlistSentNanos = now
        lastPlaylistBlocking = blocking
        // A plain reload, the common request, is one packet built once per target and shared.
        let request = blockingQuery == nil && !skips
            ? target.playlistRequest
            : OutboundPacket(bytes: target.request(path: target.playlistPath(adding: [blockingQuery, skips ? "_HLS_skip=YES" : nil].compactMap { $0 })))
        send(.playlist(blocking: blocking), request: request, extraTimeout: blocking ? UInt64(3 * targetDuration * 1e9) : 0)
    }

    /// The next plain playlist request, `interval` seconds after the last one was sent.
    private func schedulePlaylist(after interval: Double) {
        let due = playlistSentNanos + UInt64(interval * 1e9)
        let now = WallClock.monotonicNanos()
        guard due > now else { return requestPlaylist(blocking: false) }
        reloadGeneration &+= 1
        wheel.schedule(self, generation: reloadGeneration, atNanos: due)
    }

    /// The wheel's callback: the reload is due, unless it was cancelled or replaced since.
    func timerWheelFired(generation: UInt32) {
        guard !stopped, generation == reloadGeneration, outstanding == nil else { return }
        requestPlaylist(blocking: false)
    }

    private func send(_ fetch: Fetch, request: OutboundPacket, extraTimeout: UInt64 = 0) {
        guard let connection = listener.connection else { return }
        outstanding = fetch
        reloadGeneration &+= 1
        sentNanos = WallClock.monotonicNanos()
        responseDeadlineNanos = sentNanos + responseTimeoutNanos + extraTimeout
        connection.send(request)
    }
}
