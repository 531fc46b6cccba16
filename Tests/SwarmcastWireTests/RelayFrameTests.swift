import SwarmcastWire
import Testing

/// SETTINGS and EDGE_METRICS carry opaque bytes between an origin and its edges.
struct RelayFrameTests {
    @Test func opaqueBodiesRoundTripWhateverTheirBytes() throws {
        let json = Array(#"{"audio":{"frames_per_packet":5}}"#.utf8)
        let text = Array("swarmcast_listeners 3\n".utf8)
        var bytes = FrameEncoder.encode(.settings(json))
        FrameEncoder.append(.edgeMetrics(text), to: &bytes)
        FrameEncoder.append(.settings([]), to: &bytes)
        var decoder = FrameDecoder()
        #expect(try decoder.frames(in: bytes) == [.settings(json), .edgeMetrics(text), .settings([])])
        #expect(bytes[4] == 10 && FrameType.edgeMetrics.rawValue == 11)
    }
}
