@testable import SwarmcastServer
import SwarmcastSettings
import Testing

/// The server's `/metrics` writes exactly the families `ServerMetricFamilies` declares (which the
/// reference page lists), with the declared HELP and TYPE lines: a family written from a string
/// literal beside the declarations fails here.
@Suite struct ServerMetricFamiliesTests {
    /// `# HELP` and `# TYPE` lines of a Prometheus text, keyed by family name.
    static func headers(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
            let name = String(line.dropFirst(7).split(separator: " ").first ?? "")
            out[name, default: ""] += line + "\n"
        }
        return out
    }

    @Test func anOriginWithAnEdgeWritesEveryDeclaredFamilyAndNoOther() {
        var link = OriginLinkStatus()
        link.joined(now: 1)
        let own = ServerMetrics().prometheusText(listeners: 3, speakers: 1, rooms: 2, openFileLimit: 20_000)
            + TreeMetrics.text(depth: 1, link: link, renumberedSeats: 0, now: 2)
        let edge = MetricsAggregation.samples(fromText: own)
        let text = MetricsAggregation.originText(own: own, edges: [(index: 1, samples: edge, ageSeconds: 0.5)], restarts: 0)
        let written = Self.headers(text)
        #expect(Set(written.keys) == Set(ServerMetricFamilies.all.map(\.name)))
        for family in ServerMetricFamilies.all {
            #expect(Set((written[family.name] ?? "").split(separator: "\n")) == Set(family.header.split(separator: "\n")), "\(family.name) is written with other HELP/TYPE lines than declared")
        }
    }

    @Test func familyNamesAreUniqueAndPrefixed() {
        let names = ServerMetricFamilies.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.hasPrefix("swarmcast_") && !$0.hasPrefix("swarmcast_swarm_") && !$0.hasPrefix("swarmcast_run_") })
    }
}
