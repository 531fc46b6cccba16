/// When a swarm starts and how its clock is read: the settings shards need to line up.
///
/// Declared once here, read by `run` and `swarm` flags (`--start-at`, `--start-tolerance`,
/// `--clock-skew`) and by the scenario's `run:` section, so every shard of a scenario starts by
/// the same rules. The shard's own index is not a setting: it is who the process is (`--shard`
/// or the environment), not what the scenario asks.
public struct RunSettings: SettingsGroup, Codable {
    public static let section = "run"

    /// The common start: RFC 3339 UTC, or `+D` from the command's start. nil: a moment after the
    /// agents are spawned (one process, no one to line up with).
    public var startAt: String? = nil
    /// How late past `startAt` a shard may become ready and still run; later, it refuses to run
    /// skewed (exit 1, `late-start`).
    public var startTolerance: Duration = .seconds(2)
    /// A test aid: the agents' measuring clock reads this much ahead of the host's, as another
    /// host's unsynchronised clock would; the PING/PONG offset estimate must take it out.
    public var clockSkew: Duration = .zero

    public init() {}

    public static let fields: [SettingField<RunSettings>] = [
        .optionalText("start_at", \.startAt, hint: "TIME", check: StartTime.problem,
                      "Common start: RFC 3339 UTC (2026-11-26T12:00:00Z) or +DURATION from now; shards wait for it after their preflight"),
        .duration("start_tolerance", \.startTolerance, .zero...(.seconds(3600)),
                  "A shard ready later than start_at plus this does not run skewed: it exits 1 with late-start"),
        .duration("clock_skew", \.clockSkew, .zero...(.seconds(3600)),
                  "Test aid: the swarm's measuring clock reads this far ahead (the clock offset estimate must correct it)"),
    ]

    /// The start as CLOCK_REALTIME ns, `+D` counted from `nowEpochNanos`; nil when not set.
    public func startEpochNanos(now nowEpochNanos: UInt64) -> UInt64? {
        startAt.flatMap { StartTime.resolve($0, nowEpochNanos: nowEpochNanos) }
    }

    public init(from decoder: any Decoder) throws { try self.init(values: [String: SettingValue](from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try values.encode(to: encoder) }
}
