import SwarmcastSettings

/// Every family the server's `/metrics` exports, declared once: `prometheusText`, `TreeMetrics`
/// and `MetricsAggregation` write their HELP and TYPE lines from these, and
/// `docs/reference/metrics.md` lists them.
public enum ServerMetricFamilies {
    public static let listeners = MetricFamily("swarmcast_listeners", .gauge, "Listeners connected now.")
    public static let speakers = MetricFamily("swarmcast_speakers", .gauge, "Speakers (client and built-in) now.")
    public static let rooms = MetricFamily("swarmcast_rooms", .gauge, "Rooms served.")
    public static let openFilesLimit = MetricFamily("swarmcast_open_files_limit", .gauge, "Soft open-files limit of this process.")
    public static let connectionsAccepted = MetricFamily("swarmcast_connections_accepted_total", .counter, "TCP connections accepted.")
    public static let listenersJoined = MetricFamily("swarmcast_listeners_joined_total", .counter, "Listeners welcomed.")
    public static let speakersJoined = MetricFamily("swarmcast_speakers_joined_total", .counter, "Client speakers welcomed.")
    public static let framesIn = MetricFamily("swarmcast_frames_in_total", .counter, "Audio frames received from speakers.")
    public static let framesOut = MetricFamily("swarmcast_frames_out_total", .counter, "Audio frames written to listeners.")
    public static let packetsOut = MetricFamily("swarmcast_packets_out_total", .counter, "Packet writes to listeners (deliveries).")
    public static let bytesOut = MetricFamily("swarmcast_bytes_out_total", .counter, "Audio bytes written to listeners.")
    public static let bytesIn = MetricFamily("swarmcast_bytes_in_total", .counter, "Bytes read from clients.")
    public static let reactions = MetricFamily("swarmcast_reactions_total", .counter, "Reactions received.")
    public static let acceptPauses = MetricFamily("swarmcast_accept_pauses_total", .counter, "Times accepting paused because descriptors or memory ran out.")
    public static let droppedFrames = MetricFamily("swarmcast_dropped_frames_total", .counter, "Audio frames dropped for slow listeners.", labels: ["reason"])
    public static let rejects = MetricFamily("swarmcast_rejects_total", .counter, "HELLOs refused, by reason.", labels: ["reason"])
    public static let disconnects = MetricFamily("swarmcast_disconnects_total", .counter, "Connections closed, by reason.", labels: ["reason"])
    public static let hlsRequests = MetricFamily("swarmcast_hls_requests_total", .counter, "HLS requests answered, by kind and status.", labels: ["kind", "status"])
    public static let hlsBytesOut = MetricFamily("swarmcast_hls_bytes_out_total", .counter, "HLS response bytes written.")
    public static let hlsParked = MetricFamily("swarmcast_hls_parked_requests", .gauge, "HLS requests waiting for a part now (blocking reloads, preload hints).")
    public static let hlsParkedTotal = MetricFamily("swarmcast_hls_parked_requests_total", .counter, "HLS requests that waited for a part.")
    public static let fanOutLag = MetricFamily("swarmcast_fanout_lag_seconds", .histogram, "Capture time of a packet's oldest frame to the end of its fan-out.")

    // The tree of edges (`TreeMetrics`): every process, and on an edge the link to its parent.
    public static let treeDepth = MetricFamily("swarmcast_tree_depth", .gauge, "Place in the tree of edges: 0 for the root, 1 for its edges, 2 below them.")
    public static let originConnected = MetricFamily("swarmcast_origin_connected", .gauge, "1 while the link to the origin is joined (its settings adopted).")
    public static let originReconnects = MetricFamily("swarmcast_origin_reconnects_total", .counter, "Times the edge rejoined its origin after losing it.")
    public static let originFailedAttempts = MetricFamily("swarmcast_origin_failed_attempts_total", .counter, "Attempts to reach the origin that ended before a join.")
    public static let originGap = MetricFamily("swarmcast_origin_gap_seconds_total", .counter,
                                               "Seconds without the origin (from the last bytes heard to the rejoin), the current gap included.")
    public static let originRenumberedSeats = MetricFamily("swarmcast_origin_renumbered_seats_total", .counter,
                                                           "Times a seat's sequence numbers started again (a restarted origin) and were bridged for listeners.")

    // A process with edges (`MetricsAggregation`): per-process figures and supervision.
    public static let processUp = MetricFamily("swarmcast_process_up", .gauge, "1 for the origin, and for an edge whose last report is under 3 s old.", labels: ["process"])
    public static let edgeReportAge = MetricFamily("swarmcast_edge_report_age_seconds", .gauge, "Seconds since each edge's last metrics report.", labels: ["edge"])
    public static let edgeRestarts = MetricFamily("swarmcast_edge_restarts_total", .counter, "Edge processes restarted after dying.")
    public static let edges = MetricFamily("swarmcast_edges", .gauge, "Edge processes configured.")
    /// Families an origin also shows per edge, as `swarmcast_process_*{process="edge-N"}`.
    public static let perProcessSources = [listeners, packetsOut, framesOut, listenersJoined, originReconnects]

    /// `swarmcast_process_listeners` and the like: a family shown per edge process.
    public static func perProcess(_ family: MetricFamily) -> MetricFamily {
        MetricFamily(family.name.replacingOccurrences(of: "swarmcast_", with: "swarmcast_process_"), .gauge,
                     "\(family.name) of each process.", labels: ["process"])
    }

    /// Every family, in the order `/metrics` writes them.
    public static var all: [MetricFamily] {
        [listeners, speakers, rooms, openFilesLimit, connectionsAccepted, listenersJoined, speakersJoined, framesIn, framesOut,
         packetsOut, bytesOut, bytesIn, reactions, acceptPauses, droppedFrames, rejects, disconnects, hlsRequests, hlsBytesOut,
         hlsParked, hlsParkedTotal, fanOutLag, treeDepth, originConnected, originReconnects, originFailedAttempts, originGap,
         originRenumberedSeats, processUp, edgeReportAge] + perProcessSources.map(perProcess) + [edgeRestarts, edges]
    }
}
