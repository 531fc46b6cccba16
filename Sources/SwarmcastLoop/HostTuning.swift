import Foundation

/// The kernel settings a large loopback run needs, read from and written to /proc/sys.
public enum HostTuning {
    /// One setting: its /proc/sys key, the value a large run wants, and why.
    public struct Setting: Sendable {
        public let key: String
        public let wanted: String
        public let why: String
        /// True when the current value must be at least `wanted` (numbers compared field by field;
        /// when one field is lower, all are set to `wanted`).
        let atLeast: Bool
    }

    public static let settings: [Setting] = [
        Setting(key: "net/ipv4/ip_local_port_range", wanted: "1024 65535",
                why: "ephemeral ports per (source, destination) pair: 64,000 instead of 28,000", atLeast: false),
        Setting(key: "net/core/somaxconn", wanted: "65535", why: "accept queue of the listening socket during join storms", atLeast: true),
        Setting(key: "net/ipv4/tcp_max_syn_backlog", wanted: "65535", why: "half-open connections during join storms", atLeast: true),
        Setting(key: "net/ipv4/tcp_tw_reuse", wanted: "1", why: "reuse TIME_WAIT ports for new outgoing connections (churn)", atLeast: false),
        Setting(key: "fs/file-max", wanted: "2097152", why: "open files system-wide (each process is still capped by its own limit)", atLeast: true),
        Setting(key: "net/ipv4/tcp_mem", wanted: "1048576 2097152 4194304",
                why: "kernel TCP buffer pages (4, 8, 16 GiB): past the default ceiling the kernel resets connections", atLeast: true),
        Setting(key: "net/netfilter/nf_conntrack_max", wanted: "2097152", why: "connection tracking table, when netfilter tracks loopback", atLeast: true),
    ]

    /// What one setting is now and whether it needs changing; nil when the key does not exist here.
    public struct State: Sendable {
        public let setting: Setting
        public let current: String
        public var needsChange: Bool
    }

    public static func inspect() -> [State] {
        settings.compactMap { s in
            guard let raw = try? String(contentsOfFile: "/proc/sys/\(s.key)", encoding: .utf8) else { return nil }
            let current = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let needs: Bool
            let c = current.split(separator: " ").compactMap { Int($0) }
            let w = s.wanted.split(separator: " ").compactMap { Int($0) }
            if s.atLeast, c.count == w.count, !c.isEmpty {
                // At least, field by field: never lower a value someone raised further.
                needs = zip(c, w).contains { $0 < $1 }
            } else {
                needs = current != s.wanted
            }
            return State(setting: s, current: current, needsChange: needs)
        }
    }

    /// Writes a setting; returns nil on success or the reason it failed.
    public static func apply(_ s: Setting) -> String? {
        do {
            try s.wanted.write(toFile: "/proc/sys/\(s.key)", atomically: false, encoding: .utf8)
            return nil
        } catch {
            return geteuid() == 0 ? "write failed: \(error.localizedDescription)" : "needs root"
        }
    }
}
