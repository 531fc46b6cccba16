#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import SwarmcastSwarm

/// The descriptor count walks /proc/self/fd with readdir; its entries are variable-length, so
/// the walk must read names in place. Growing the directory one pipe at a time moves the last
/// (short) entry across many buffer positions, where a whole-struct copy once crashed an agent.
@Suite struct GeneratorMonitorTests {
    @Test func openFilesFollowsEveryDescriptorOpenedAndClosed() throws {
        let before = GeneratorMonitor.openFiles()
        var fds: [Int32] = []
        defer { fds.forEach { _ = close($0) } }
        for i in 1...300 {
            var pair: [Int32] = [0, 0]
            try #require(pipe(&pair) == 0)
            fds += pair
            #expect(GeneratorMonitor.openFiles() == before + 2 * i)
        }
        fds.forEach { _ = close($0) }
        fds = []
        #expect(GeneratorMonitor.openFiles() == before)
    }
}
