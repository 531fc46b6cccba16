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
    /// `framesPerTick`: frame intervals between the frame timer's ticks (`PacketClock`), which
    /// starts with these speakers, so tick k is due at frame k × framesPerTick.
    mutating func produceDueFrames(now: UInt64, rooms: [Room], framesPerTick: Int) -> Int {
        guard speakersPerRoom > 0, now > startNanos else { return 0 }
        let due = (now - startNanos) / frameIntervalNanos
        // A tick's frames count as received at their capture plus however late this tick runs
        // (never after now): batching shows no ingest delay, a late loop still shows as ingest
        // (as with a tick per frame), and a frame's wait for its packet stays the origin's tier.
        let tickFrame = due - due % UInt64(max(1, framesPerTick))
        let lateness = now - (startNanos + tickFrame * frameIntervalNanos)
        var count = 0
        while produced < due {
            produced += 1
            let capture = startNanos + produced * frameIntervalNanos
            for room in rooms {
                for seat in 0..<speakersPerRoom {
                    room.append(AudioFrame(room: room.id, speaker: UInt8(seat), sequence: produced, captureTimeNanos: capture,
                                           payload: voice.packet(sequence: produced, seat: seat)), receivedNanos: min(capture + lateness, now))
                    count += 1
                }
            }
        }
        return count
    }
}
