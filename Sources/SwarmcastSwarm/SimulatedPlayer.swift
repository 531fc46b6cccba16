/// The playout buffer of a simulated HLS player, to count what a person would hear as
/// rebuffering: playback starts once `startAfter` media objects (segments, or parts for
/// LL-HLS) are buffered, then drains in real time; when the buffer runs dry before the next
/// object arrives, playback stalls until it does.
struct SimulatedPlayer {
    let startAfter: Int
    private(set) var bufferedSeconds = 0.0
    private(set) var playing = false
    private(set) var started = false
    private(set) var stalls = 0
    private(set) var stalledNanos: UInt64 = 0
    /// Time spent playing (buffer draining), for the rebuffer ratio.
    private(set) var playedNanos: UInt64 = 0
    private var received = 0
    private var lastNanos: UInt64 = 0
    private var stallStartNanos: UInt64 = 0

    init(startAfter: Int = 2) { self.startAfter = startAfter }

    /// Plays until `now` (monotonic ns); a buffer that runs dry starts a stall at the moment it did.
    mutating func advance(to now: UInt64) {
        defer { lastNanos = max(lastNanos, now) }
        guard playing, now > lastNanos else { return }
        let elapsed = Double(now - lastNanos) / 1e9
        if elapsed >= bufferedSeconds {
            playedNanos += UInt64(bufferedSeconds * 1e9)
            stallStartNanos = lastNanos + UInt64(bufferedSeconds * 1e9)
            bufferedSeconds = 0
            playing = false
            stalls += 1
        } else {
            playedNanos += now - lastNanos
            bufferedSeconds -= elapsed
        }
    }

    /// Time spent stalled until `now`, the stall in progress included, so a player that is still
    /// waiting when the run ends (or its server hangs) shows its rebuffering as it happens.
    func stalledNanos(through now: UInt64) -> UInt64 {
        guard started, !playing, now > stallStartNanos else { return stalledNanos }
        return stalledNanos + (now - stallStartNanos)
    }

    /// A media object of `seconds` arrived at `now`.
    mutating func add(seconds: Double, now: UInt64) {
        advance(to: now)
        bufferedSeconds += seconds
        received += 1
        guard !playing else { return }
        if !started {
            guard received >= startAfter else { return }
            started = true
        } else {
            stalledNanos += now > stallStartNanos ? now - stallStartNanos : 0
        }
        playing = true
    }
}
