import Foundation
import Testing
@testable import SwarmcastSwarm

/// The descriptor count walks a directory with readdir, whose entries are variable-length, so
/// the walk must read names in place (a whole-struct copy once ran off the buffer and crashed an
/// agent). A private directory, grown one file at a time with names of every length from 1 to
/// 255 bytes, moves the last (short or long) entry across many buffer positions; each count must
/// be exact. (/proc/self/fd itself is shared with the tests running beside this one.)
@Suite struct GeneratorMonitorTests {
    @Test func entriesAreCountedExactlyWhateverTheirNameLengths() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swarmcast-dirent-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(GeneratorMonitor.entries(in: dir.path) == 0)
        for length in 1...255 {
            let name = String(repeating: "f", count: length - 1) + String(length % 10)
            #expect(FileManager.default.createFile(atPath: dir.appendingPathComponent(name).path, contents: nil))
            #expect(GeneratorMonitor.entries(in: dir.path) == length)
        }
        #expect(FileManager.default.createFile(atPath: dir.appendingPathComponent(".hidden").path, contents: nil))
        #expect(GeneratorMonitor.entries(in: dir.path) == 255)
        #expect(GeneratorMonitor.entries(in: dir.appendingPathComponent("missing").path) == 0)
        #expect(GeneratorMonitor.openFiles() > 0)
    }
}
