@testable import SwarmcastServer
import Testing

/// An origin's /metrics sums its edges' samples, including labelled ones only edges have.
@Suite struct MetricsAggregationTests {
    @Test func labelledSamplesOnlyEdgesHaveAreSummedIntoTheirFamily() {
        let own = """
        # HELP swarmcast_hls_requests_total HLS requests answered, by kind and status.
        # TYPE swarmcast_hls_requests_total counter
        swarmcast_hls_requests_total{kind="init",status="200"} 1
        # HELP swarmcast_listeners Listeners connected now.
        # TYPE swarmcast_listeners gauge
        swarmcast_listeners 2

        """
        let edge1: [String: Double] = ["swarmcast_hls_requests_total{kind=\"init\",status=\"200\"}": 2,
                                       "swarmcast_hls_requests_total{kind=\"part\",status=\"200\"}": 5, "swarmcast_listeners": 3]
        let edge2: [String: Double] = ["swarmcast_hls_requests_total{kind=\"part\",status=\"200\"}": 7]
        let text = MetricsAggregation.originText(own: own, edges: [(1, edge1, 0.5), (2, edge2, 0.5)], restarts: 0)
        #expect(text.contains("swarmcast_hls_requests_total{kind=\"init\",status=\"200\"} 3\n"))
        #expect(text.contains("swarmcast_hls_requests_total{kind=\"part\",status=\"200\"} 12\n# HELP swarmcast_listeners"))
        #expect(text.contains("swarmcast_listeners 5\n"))
    }
}
