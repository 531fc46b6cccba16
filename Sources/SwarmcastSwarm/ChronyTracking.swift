import Foundation
import SwarmcastLoop
import SwarmcastReport

/// The host's own clock discipline, where chrony runs: `chronyc -c tracking` gives the system
/// clock's offset to NTP time, the root delay and the root dispersion. Asked once, before the
/// agents start (never from an event loop), with a 2 s deadline; absent chrony is no error.
public enum ChronyTracking {
    public static func read() -> ChronyFigures? {
        let candidates = ["/usr/bin/chronyc", "/usr/sbin/chronyc", "/bin/chronyc", "/sbin/chronyc"]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        guard let pipe = try? ChildProcess.pipe() else { return nil }
        let child: ChildProcess
        do {
            child = try ChildProcess(arguments: [path, "-c", "tracking"], stdoutFD: pipe.write, stderrFD: pipe.write)
        } catch {
            close(pipe.read)
            close(pipe.write)
            return nil
        }
        close(pipe.write)
        defer { close(pipe.read) }
        if !child.waitForExit(timeout: .seconds(2)) {
            child.signal(SIGKILL)
            child.reap(blocking: true)
            return nil
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(pipe.read, $0.baseAddress, 4096) }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        guard child.exitCode == 0 else { return nil }
        return parse(String(decoding: bytes, as: UTF8.self))
    }

    /// Parses one CSV line of `chronyc -c tracking`: field 4 is the system time offset, 10 the
    /// root delay and 11 the root dispersion, all in seconds.
    public static func parse(_ line: String) -> ChronyFigures? {
        let fields = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count >= 12, let offset = Double(fields[4]), let delay = Double(fields[10]), let dispersion = Double(fields[11]) else { return nil }
        return ChronyFigures(offsetMs: offset * 1000, rootDelayMs: delay * 1000, rootDispersionMs: dispersion * 1000)
    }
}
