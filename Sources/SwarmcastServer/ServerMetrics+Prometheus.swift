/// The Prometheus text exposition of the server's counters.
extension ServerMetrics {
    /// Renders every metric with HELP and TYPE lines; `gauges` adds the live values.
    public func prometheusText(listeners: Int, speakers: Int, rooms: Int, openFileLimit: UInt64) -> String {
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(String, Double)]) {
            out += "# HELP swarmcast_\(name) \(help)\n# TYPE swarmcast_\(name) \(type)\n"
            for (labels, value) in samples {
                let v = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
                out += "swarmcast_\(name)\(labels) \(v)\n"
            }
        }
        func labelled(_ dict: [String: Int]) -> [(String, Double)] {
            dict.keys.sorted().map { ("{reason=\"\($0)\"}", Double(dict[$0]!)) }
        }
        metric("listeners", "gauge", "Listeners connected now.", [("", Double(listeners))])
        metric("speakers", "gauge", "Speakers (client and built-in) now.", [("", Double(speakers))])
        metric("rooms", "gauge", "Rooms served.", [("", Double(rooms))])
        metric("open_files_limit", "gauge", "Soft open-files limit of this process.", [("", Double(openFileLimit))])
        metric("connections_accepted_total", "counter", "TCP connections accepted.", [("", Double(connectionsAccepted))])
        metric("listeners_joined_total", "counter", "Listeners welcomed.", [("", Double(listenersJoined))])
        metric("speakers_joined_total", "counter", "Client speakers welcomed.", [("", Double(speakersJoined))])
        metric("frames_in_total", "counter", "Audio frames received from speakers.", [("", Double(framesIn))])
        metric("frames_out_total", "counter", "Audio frames written to listeners.", [("", Double(framesOut))])
        metric("packets_out_total", "counter", "Packet writes to listeners (deliveries).", [("", Double(packetsOut))])
        metric("bytes_out_total", "counter", "Audio bytes written to listeners.", [("", Double(bytesOut))])
        metric("bytes_in_total", "counter", "Bytes read from clients.", [("", Double(bytesIn))])
        metric("reactions_total", "counter", "Reactions received.", [("", Double(reactions))])
        metric("accept_pauses_total", "counter", "Times accepting paused because descriptors or memory ran out.", [("", Double(acceptPauses))])
        metric("dropped_frames_total", "counter", "Audio frames dropped for slow listeners.", labelled(droppedFrames))
        metric("rejects_total", "counter", "HELLOs refused, by reason.", labelled(rejects))
        metric("disconnects_total", "counter", "Connections closed, by reason.", labelled(disconnects))
        metric("hls_requests_total", "counter", "HLS requests answered, by kind and status.", hlsRequests.keys.sorted().map { key in
            let parts = key.split(separator: " ")
            return ("{kind=\"\(parts[0])\",status=\"\(parts.count > 1 ? parts[1] : "")\"}", Double(hlsRequests[key]!))
        })
        metric("hls_bytes_out_total", "counter", "HLS response bytes written.", [("", Double(hlsBytesOut))])
        metric("hls_parked_requests", "gauge", "HLS requests waiting for a part now (blocking reloads, preload hints).", [("", Double(hlsParkedNow))])
        metric("hls_parked_requests_total", "counter", "HLS requests that waited for a part.", [("", Double(hlsParkedTotal))])
        out += "# HELP swarmcast_fanout_lag_seconds Capture time of a packet's oldest frame to the end of its fan-out.\n"
        out += "# TYPE swarmcast_fanout_lag_seconds histogram\n"
        for (bound, count) in zip(fanOutLag.upperBounds, fanOutLag.cumulativeCounts) {
            out += "swarmcast_fanout_lag_seconds_bucket{le=\"\(bound)\"} \(count)\n"
        }
        out += "swarmcast_fanout_lag_seconds_bucket{le=\"+Inf\"} \(fanOutLag.count)\n"
        out += "swarmcast_fanout_lag_seconds_sum \(fanOutLag.sum)\n"
        out += "swarmcast_fanout_lag_seconds_count \(fanOutLag.count)\n"
        return out
    }
}
