import Foundation
import SwarmcastReport
import SwarmcastTestSupport
import Testing

/// Against our own server (two built-in speakers), decoded listeners of every protocol hear the
/// source: match near 1, nothing concealed, silent or mismatched, every decoded listener counted.
@Suite(.serialized)
struct DecodedListenersTests {
    @Test(arguments: [["--protocol", "native"], ["--protocol", "http-audio"],
                      ["--protocol", "http-audio", "--http-path", "/rooms/{room}/listen.opus"],
                      ["--protocol", "hls", "--late-after", "10s"], ["--protocol", "ll-hls"]])
    func everyProtocolHearsTheSource(protocolFlags: [String]) throws {
        let server = try ServerProcess(["--demo-speakers", "2", "--segment-duration", "1s", "--part-duration", "200ms"])
        usleep(1_500_000)
        let s = try AudioFaultTests.swarm(["--server", server.listen.description] + protocolFlags, listeners: 20, seconds: 6, decode: "25%")
        let audio = try #require(s.audio, "\(protocolFlags)")
        #expect(audio.decodedListeners == 5, "\(protocolFlags)")
        #expect(audio.frames >= 5 * 100, "\(protocolFlags): \(audio.frames)")
        #expect(audio.concealedRatio == 0 && audio.silentRatio == 0 && audio.mismatchedRatio == 0, "\(protocolFlags): \(audio)")
        #expect(audio.causes.isEmpty && audio.repeated == 0 && audio.outOfOrder == 0, "\(protocolFlags): \(audio)")
        #expect((audio.match?.p5 ?? 0) >= 0.99, "\(protocolFlags)")
    }
}
