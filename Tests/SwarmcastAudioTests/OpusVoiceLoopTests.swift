import SwarmcastAudio
import SwarmcastHLS
import SwarmcastSettings
import Testing

/// The built-in speakers speak real Opus of exactly `payload_bytes` per frame.
@Suite struct OpusVoiceLoopTests {
    @Test func everyPacketIsOpusOfExactlyThePayloadSize() {
        for bytes in [80, 40, 160, 3] {
            var audio = AudioSettings()
            audio.payloadBytes = bytes
            let loop = OpusVoiceLoop(audio: audio)
            #expect(loop.isOpus, "payload \(bytes)")
            #expect(loop.packets.count == 200)
            #expect(loop.packets.allSatisfy { $0.count == bytes })
            // TOC byte: config 0-31 in the top 5 bits, frame count code in the low 2 bits.
            #expect(loop.packets.allSatisfy { !$0.isEmpty })
        }
    }

    @Test func framesOpusCannotCarryKeepTheSyntheticPattern() {
        var audio = AudioSettings()
        audio.frameInterval = .milliseconds(25)
        #expect(!OpusVoiceLoop(audio: audio).isOpus)
        audio.frameInterval = .milliseconds(20)
        audio.payloadBytes = 2000
        let loop = OpusVoiceLoop(audio: audio)
        #expect(!loop.isOpus && loop.packets[0].count == 2000)
    }

    @Test func thePreSkipTheHeadersAnnounceIsTheEncodersLookahead() {
        #expect(OpusVoiceLoop.encoderLookahead() == OpusStreamInfo.standardPreSkip)
    }

    @Test func seatsStartAtDifferentPlacesOfTheLoop() {
        let loop = OpusVoiceLoop(audio: AudioSettings())
        #expect(loop.packet(sequence: 1, seat: 0) != loop.packet(sequence: 1, seat: 1))
    }
}
