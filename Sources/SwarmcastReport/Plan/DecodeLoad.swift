/// Decoded listeners in a plan (`listeners.decode`): how many, and the swarm CPU each costs per
/// minute of audio it decodes and scores. Their cores are added to the swarm's, on top of the
/// per-delivery cost every listener pays.
public struct DecodeLoad: Codable, Equatable, Sendable {
    public var listeners: Int
    /// CPU per decoded listener-minute, µs (`Benchmarks/decode-cost.sh` measures it).
    public var cpuMicrosPerListenerMinute: Double
    /// Where the cost figure comes from, for the plan's assumptions.
    public var costSource: String

    /// `Benchmarks/decode-cost.sh` on the development host (vm, 2 cores, release build,
    /// 2026-12-05, median of 3 runs of 400 listeners all decoding, 37,176–38,190 µs; docs/audio.md
    /// has the table): the figure `plan` uses unless `--decode-cost` gives one measured where the
    /// swarm will run. About 12 µs per 20 ms frame: decode, compare, envelope.
    public static let measuredMicrosPerListenerMinute = 37_214.0
    public static let measuredSource = "Benchmarks/decode-cost.sh on vm (2 cores), 2026-12-05, median of 3 runs"

    public init(listeners: Int, cpuMicrosPerListenerMinute: Double = measuredMicrosPerListenerMinute, costSource: String = measuredSource) {
        self.listeners = listeners
        self.cpuMicrosPerListenerMinute = cpuMicrosPerListenerMinute
        self.costSource = costSource
    }

    /// Cores the decoded listeners keep busy: a listener-minute per minute each.
    public var cores: Double { Double(listeners) * cpuMicrosPerListenerMinute / 60e6 }
}
