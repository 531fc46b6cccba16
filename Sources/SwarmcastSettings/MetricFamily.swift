/// A Prometheus metric family declared once: the exporters write its `# HELP` and `# TYPE`
/// lines from it and the reference pages list it, so a family's name, type and help cannot
/// differ between `/metrics` and the docs.
public struct MetricFamily: Sendable, Equatable {
    /// The Prometheus type of a family.
    public enum Kind: String, Sendable {
        case counter, gauge, histogram
    }

    /// The full name (`swarmcast_listeners`).
    public let name: String
    /// Counter, gauge or histogram.
    public let kind: Kind
    /// The `# HELP` text, exactly as exported.
    public let help: String
    /// Label names its samples carry (`reason`), empty for none.
    public let labels: [String]

    public init(_ name: String, _ kind: Kind, _ help: String, labels: [String] = []) {
        self.name = name
        self.kind = kind
        self.help = help
        self.labels = labels
    }

    /// The `# HELP` and `# TYPE` lines, each ended by a newline.
    public var header: String { "# HELP \(name) \(help)\n# TYPE \(name) \(kind.rawValue)\n" }
}
