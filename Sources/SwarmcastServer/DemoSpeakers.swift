import SwarmcastAudio
import SwarmcastLoop
import SwarmcastSettings
import SwarmcastWire

/// Built-in speakers, so a server is usable without speaker clients. They speak real Opus (a
/// voice-like signal encoded once, `OpusVoiceLoop`), so a room can be played with ffplay or VLC.
///
/// Each produces one frame per frame interval, stamped with its *scheduled* capture time
/// (start + sequence x interval). When the loop runs late the missed frames are produced at once
/// with their original stamps, so a late server shows as delay rather than as missing audio.
struct DemoSpeakers {
    let frameIntervalNanos: UInt64
    let speakersPerRoom: Int
    /// The encoded loop every room and seat replays (shared, never re-encoded).
    let voice: OpusVoiceLoop
    let startNanos: UInt64
    /// Frames produced so far per speaker (all speakers of all rooms advance together).
    private(set) var produced: UInt64 = 0

    init(audio: AudioSettings, speakersPerRoom: Int, startNanos: UInt64, voice: OpusVoiceLoop? = nil) {
        frameIntervalNanos = audio.frameInterval.nanosecondsValue
        self.speakersPerRoom = speakersPerRoom
        // Edges and speaker-client servers have no built-in speakers: nothing to encode.
        self.voice = voice ?? (speakersPerRoom > 0 ? OpusVoiceLoop(audio: audio) : OpusVoiceLoop(packets: [[]]))
        self.startNanos = startNanos
    }

    /// Produces every frame whose scheduled time has come; returns how many.
    mutating func produceDueFrames(now: UInt64, rooms: [Room]) -> Int {
        guard speakersPerRoom > 0, now > startNanos else { return 0 }
        let due = (now - startNanos) / frameIntervalNanos
        // The frame timer ticks once per several frames when packets are long (`PacketClock`):
        // a tick's frames were each "received" at their capture, plus however late this tick is,
        // so batching shows no ingest delay and a late loop still does.
        let lateness = now - (startNanos + due * frameIntervalNanos)
        var count = 0
        while produced < due {
            produced += 1
            let capture = startNanos + produced * frameIntervalNanos
            for room in rooms {
                for seat in 0..<speakersPerRoom {
                    room.append(AudioFrame(room: room.id, speaker: UInt8(seat), sequence: produced, captureTimeNanos: capture,
                                           payload: voice.packet(sequence: produced, seat: seat)), receivedNanos: capture + lateness)
                    count += 1
                }
            }
        }
        return count
    }
}
