import SwarmcastLoop
import SwarmcastSettings
import SwarmcastWire

/// Built-in synthetic speakers, so a server is usable without speaker clients.
///
/// Each produces one frame per frame interval, stamped with its *scheduled* capture time
/// (start + sequence x interval). When the loop runs late the missed frames are produced at once
/// with their original stamps, so a late server shows as delay rather than as missing audio.
struct DemoSpeakers {
    let frameIntervalNanos: UInt64
    let speakersPerRoom: Int
    let payload: [UInt8]
    let startNanos: UInt64
    /// Frames produced so far per speaker (all speakers of all rooms advance together).
    private(set) var produced: UInt64 = 0

    init(audio: AudioSettings, speakersPerRoom: Int, startNanos: UInt64) {
        frameIntervalNanos = audio.frameInterval.nanosecondsValue
        self.speakersPerRoom = speakersPerRoom
        // A recognisable, non-silent pattern; its bytes mean nothing (this is not real Opus).
        payload = (0..<audio.payloadBytes).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        self.startNanos = startNanos
    }

    /// Produces every frame whose scheduled time has come; returns how many.
    mutating func produceDueFrames(now: UInt64, rooms: [Room]) -> Int {
        guard speakersPerRoom > 0, now > startNanos else { return 0 }
        let due = (now - startNanos) / frameIntervalNanos
        var count = 0
        while produced < due {
            produced += 1
            let capture = startNanos + produced * frameIntervalNanos
            for room in rooms {
                for seat in 0..<speakersPerRoom {
                    room.append(AudioFrame(room: room.id, speaker: UInt8(seat), sequence: produced, captureTimeNanos: capture, payload: payload))
                    count += 1
                }
            }
        }
        return count
    }
}
