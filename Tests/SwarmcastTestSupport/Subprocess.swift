import SwarmcastSettings
import Foundation
import SwarmcastLoop

/// A child process for tests, with every wait bounded. Foundation's `Process.waitUntilExit` can
/// park a thread forever on Linux when many processes come and go at once (it waits for a run
/// loop to be told), and reading a pipe to its end waits for every process that holds the write
/// end; either turned one CI run into a 90-minute hang. Here exit is seen with waitpid, output is
/// read with poll, and a deadline ends every wait.
public final class Subprocess {
    public let child: ChildProcess
    public let arguments: [String]
    private let stdoutReader: PipeReader?
    private let stderrReader: PipeReader?

    /// Starts the swarmcast binary (or `executable`) with `arguments`; captures stdout and stderr
    /// unless told not to (then they go to /dev/null).
    public init(_ arguments: [String], executable: String = SwarmcastBinary.path,
                environment: [String: String]? = nil, captureStdout: Bool = true, captureStderr: Bool = true) throws {
        self.arguments = arguments
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(null) }
        let out = captureStdout ? try ChildProcess.pipe() : nil
        let err = captureStderr ? try ChildProcess.pipe() : nil
        defer {
            if let out { close(out.write) }
            if let err { close(err.write) }
        }
        do {
            child = try ChildProcess(arguments: [executable] + arguments, stdoutFD: out?.write ?? null,
                                     stderrFD: err?.write ?? null, environment: environment)
        } catch {
            if let out { close(out.read) }
            if let err { close(err.read) }
            throw error
        }
        stdoutReader = out.map { PipeReader($0.read) }
        stderrReader = err.map { PipeReader($0.read) }
    }

    deinit {
        if child.isRunning { child.stop(SIGKILL, grace: .seconds(2)) }
        stdoutReader?.finish(grace: 0)
        stderrReader?.finish(grace: 0)
    }

    public var pid: pid_t { child.pid }
    public var isRunning: Bool { child.isRunning }

    /// Waits up to `timeout` for the process to end, then SIGKILLs it; returns its exit code
    /// (128 + signal when a signal ended it).
    @discardableResult
    public func wait(timeout: TimeInterval = 120) -> Int32 {
        if !child.waitForExit(timeout: .milliseconds(Int64(timeout * 1000))) { child.stop(SIGKILL, grace: .seconds(5)) }
        return child.exitCode ?? -1
    }

    /// Sends `signal` and waits (bounded) for the exit; returns the exit code.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 30) -> Int32 {
        child.signal(signal)
        return wait(timeout: timeout)
    }

    /// What the process wrote, once it has ended (a grandchild still holding the pipe gets two
    /// seconds, not forever).
    public var stdout: String { stdoutReader?.finish(grace: 2) ?? "" }
    public var stderr: String { stderrReader?.finish(grace: 2) ?? "" }
}

/// Drains a pipe on its own thread so a chatty child never blocks on a full pipe; stops at
/// end-of-file or when told to.
final class PipeReader: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var data = Data()
    private var stopRequested = false
    private let done = DispatchSemaphore(value: 0)
    private var finished = false

    init(_ fd: Int32) {
        self.fd = fd
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            loop: while !lock.withLock({ stopRequested }) {
                guard poll(&poller, 1, 100) > 0 else { continue }
                let n = read(fd, &buffer, buffer.count)
                switch n {
                case 0: break loop
                case ..<0: if errno != EINTR && errno != EAGAIN { break loop }
                default: lock.withLock { data.append(contentsOf: buffer[0..<n]) }
                }
            }
            close(fd)
            done.signal()
        }
    }

    /// Waits up to `grace` seconds for end-of-file, then stops reading; returns what was read.
    @discardableResult
    func finish(grace: TimeInterval) -> String {
        let ended = lock.withLock { finished }
        if !ended {
            if done.wait(timeout: .now() + grace) == .timedOut {
                lock.withLock { stopRequested = true }
                done.wait()
            }
            lock.withLock { finished = true }
        }
        return lock.withLock { String(decoding: data, as: UTF8.self) }
    }
}
