import SwarmcastSettings

/// The Prometheus text exposition of the server's counters.
extension ServerMetrics {
    /// Renders every metric with HELP and TYPE lines (from `ServerMetricFamilies`); `gauges` adds the live values.
    public func prometheusText(listeners: Int, speakers: Int, rooms: Int, openFileLimit: UInt64) -> String {
        typealias F = ServerMetricFamilies
        var out = ""
        func metric(_ family: MetricFamily, _ samples: [(String, Double)]) {
            out += family.header
            for (labels, value) in samples {
                let v = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
                out += "\(family.name)\(labels) \(v)\n"
            }
        }
        func labelled(_ dict: [String: Int]) -> [(String, Double)] {
            dict.keys.sorted().map { ("{reason=\"\($0)\"}", Double(dict[$0]!)) }
        }
        metric(F.listeners, [("", Double(listeners))])
        metric(F.speakers, [("", Double(speakers))])
        metric(F.rooms, [("", Double(rooms))])
        metric(F.openFilesLimit, [("", Double(openFileLimit))])
        metric(F.connectionsAccepted, [("", Double(connectionsAccepted))])
        metric(F.listenersJoined, [("", Double(listenersJoined))])
        metric(F.speakersJoined, [("", Double(speakersJoined))])
        metric(F.framesIn, [("", Double(framesIn))])
        metric(F.framesOut, [("", Double(framesOut))])
        metric(F.packetsOut, [("", Double(packetsOut))])
        metric(F.bytesOut, [("", Double(bytesOut))])
        metric(F.bytesIn, [("", Double(bytesIn))])
        metric(F.reactions, [("", Double(reactions))])
        metric(F.acceptPauses, [("", Double(acceptPauses))])
        metric(F.droppedFrames, labelled(droppedFrames))
        metric(F.rejects, labelled(rejects))
        metric(F.disconnects, labelled(disconnects))
        metric(F.hlsRequests, hlsRequests.keys.sorted().map { key in
            let parts = key.split(separator: " ")
            return ("{kind=\"\(parts[0])\",status=\"\(parts.count > 1 ? parts[1] : "")\"}", Double(hlsRequests[key]!))
        })
        metric(F.hlsBytesOut, [("", Double(hlsBytesOut))])
        metric(F.hlsParked, [("", Double(hlsParkedNow))])
        metric(F.hlsParkedTotal, [("", Double(hlsParkedTotal))])
        out += F.fanOutLag.header
        for (bound, count) in zip(fanOutLag.upperBounds, fanOutLag.cumulativeCounts) {
            out += "\(F.fanOutLag.name)_bucket{le=\"\(bound)\"} \(count)\n"
        }
        out += "\(F.fanOutLag.name)_bucket{le=\"+Inf\"} \(fanOutLag.count)\n"
        out += "\(F.fanOutLag.name)_sum \(fanOutLag.sum)\n"
        out += "\(F.fanOutLag.name)_count \(fanOutLag.count)\n"
        return out
    }
}
