#if canImport(Glibc)
import Glibc
#endif
import CLibevent

/// One libevent `event_base`: the single thread of control of a Swarmcast process.
///
/// Everything created on a loop (connections, timers, signal watchers) must be used only from the
/// thread that runs it, so the type opts out of `Sendable`.
public final class EventLoop {
    let base: OpaquePointer
    /// One read buffer shared by every connection of this loop: reads are handled to completion
    /// before the next one, so no connection needs a buffer of its own.
    let readBuffer: UnsafeMutableRawBufferPointer
    /// Connections still writing their last bytes before closing (see `Connection.closeAfterFlush`).
    public internal(set) var drainingConnections = 0
    /// Bytes queued in user space across every connection of this loop (for a memory ceiling).
    public internal(set) var queuedBytes = 0
    /// Which of this loop's connections have bytes queued, by descriptor: the fan-out writes to
    /// the others directly.
    public let directWrites = DirectWrites()

    public init() throws(LoopError) {
        // Precise timers: libevent's default clock on Linux is CLOCK_MONOTONIC_COARSE (a tick of
        // a few ms), so a timer could fire a few ms before its time; the server's frame timer
        // lands just after each tick's frames are due and must not fire before them.
        var precise: OpaquePointer?
        if let config = event_config_new() {
            event_config_set_flag(config, Int32(EVENT_BASE_FLAG_PRECISE_TIMER.rawValue))
            precise = event_base_new_with_config(config)
            event_config_free(config)
        }
        guard let base = precise ?? event_base_new() else { throw .libevent(function: "event_base_new") }
        self.base = base
        readBuffer = .allocate(byteCount: 256 * 1024, alignment: 16)
    }

    deinit {
        event_base_free(base)
        readBuffer.deallocate()
    }

    /// Makes timers added from here on count from now, not from when the loop last woke (libevent
    /// caches the time while it runs callbacks).
    public func refreshClock() {
        event_base_update_cache_time(base)
    }

    /// Runs until `stop()` is called or nothing is left to watch.
    public func run() {
        event_base_dispatch(base)
    }

    /// Runs one pass of the loop, waiting for at least one event unless `nonBlocking`.
    public func runOnce(nonBlocking: Bool = false) {
        event_base_loop(base, nonBlocking ? EVLOOP_NONBLOCK | EVLOOP_ONCE : EVLOOP_ONCE)
    }

    /// Makes `run()` return after the callbacks of the current pass.
    public func stop() {
        event_base_loopbreak(base)
    }

    /// The name of the kernel notification method libevent chose (epoll on Linux).
    public var backendName: String { String(cString: event_base_get_method(base)) }
}

/// Turns a Swift duration into libevent's timeval.
func timeval(_ duration: Duration) -> timeval {
    let (seconds, attos) = duration.components
    return Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int(attos / 1_000_000_000_000))
}
