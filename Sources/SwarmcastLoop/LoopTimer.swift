#if canImport(Glibc)
import Glibc
#endif
import CLibevent

/// A timer on an event loop: one-shot or repeating, with a Swift handler.
public final class LoopTimer {
    private var event: OpaquePointer?
    private let handler: () -> Void
    private let interval: Duration
    public private(set) var isRunning = false

    /// A timer that calls `handler` after `interval` (and every `interval` when `repeating`).
    public init(loop: EventLoop, interval: Duration, repeating: Bool, handler: @escaping () -> Void) {
        self.handler = handler
        self.interval = interval
        event = event_new(loop.base, -1, repeating ? Int16(EV_PERSIST) : 0, { _, _, context in
            let timer = Unmanaged<LoopTimer>.fromOpaque(context!).takeUnretainedValue()
            timer.fire()
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        if let event { event_free(event) }
    }

    /// Arms the timer (again); a running timer restarts its interval.
    public func start() {
        var tv = timeval(interval)
        event_add(event, &tv)
        isRunning = true
    }

    /// Arms the timer (again) to fire once after `delay` instead of its interval: one timer a
    /// connection can re-arm with a new delay each time, without an event_new/event_free pair.
    public func start(after delay: Duration) {
        var tv = timeval(delay)
        event_add(event, &tv)
        isRunning = true
    }

    /// Disarms the timer; safe to call twice.
    public func cancel() {
        event_del(event)
        isRunning = false
    }

    private func fire() {
        if event_pending(event, Int16(EV_TIMEOUT), nil) == 0 { isRunning = false }
        handler()
    }
}
