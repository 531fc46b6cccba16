import Foundation

/// The `swarmcast` executable built next to the test bundle, for end-to-end tests.
public enum SwarmcastBinary {
    public static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["SWARMCAST_BINARY"] { return explicit }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = runner.deletingLastPathComponent()
        // The runner may sit inside an .xctest bundle directory.
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("swarmcast").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/swarmcast").path
    }

    /// The package root (for Configs/).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs the binary to completion (killed after `timeout`); returns exit code, stdout and stderr.
    @discardableResult
    public static func run(_ arguments: [String], timeout: TimeInterval = 120, environment: [String: String]? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = try Subprocess(arguments, environment: environment)
        let status = process.wait(timeout: timeout)
        return (status, process.stdout, process.stderr)
    }
}
