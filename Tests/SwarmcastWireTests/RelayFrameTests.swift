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

    @Test func treeFrameCarriesDepthAndParentInstance() throws {
        let bytes = FrameEncoder.encode(.tree(depth: 2, parentInstance: 0x0102_0304_0506_0708))
        #expect(bytes == [0, 0, 0, 10, 12, 2, 1, 2, 3, 4, 5, 6, 7, 8])
        var decoder = FrameDecoder()
        #expect(try decoder.frames(in: bytes) == [.tree(depth: 2, parentInstance: 0x0102_0304_0506_0708)])
        var strict = FrameDecoder()
        #expect(throws: WireError.self) { _ = try strict.frames(in: [0, 0, 0, 2, 12, 2]) }
    }
}
