#if canImport(Glibc)
import Glibc
#endif
import CLibevent

/// Calls a handler on the loop when the process receives a signal (SIGINT, SIGTERM, ...), so
/// shutdown runs as ordinary loop code rather than inside a signal handler.
public final class SignalWatcher {
    private var event: OpaquePointer?
    private let handler: (Int32) -> Void

    public init(loop: EventLoop, signal: Int32, handler: @escaping (Int32) -> Void) {
        self.handler = handler
        event = event_new(loop.base, signal, Int16(EV_SIGNAL | EV_PERSIST), { fd, _, context in
            Unmanaged<SignalWatcher>.fromOpaque(context!).takeUnretainedValue().handler(fd)
        }, Unmanaged.passUnretained(self).toOpaque())
        event_add(event, nil)
        // A parent may have started us with the signal blocked (test runners, some supervisors
        // do): a blocked SIGTERM would never reach the loop, and the process would never stop.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    deinit {
        if let event {
            event_del(event)
            event_free(event)
        }
    }
}
