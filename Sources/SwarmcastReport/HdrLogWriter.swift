import Histogram
import SwarmcastMeasure
import Foundation

/// delay.hlog: the delay histogram of every second as an HdrHistogram interval log (format 1.3),
/// values in µs; `Interval_Max` is in ms (max value unit ratio 1000).
public enum HdrLogWriter {
    public static func log(_ result: RunResult) -> String {
        let start = result.startEpochSeconds
        var out = "#[Histogram log format version 1.3]\n"
        out += "#[StartTime: \(String(format: "%.3f", start)) (seconds since epoch), \(Date(timeIntervalSince1970: start))]\n"
        out += "#[BaseTime: \(String(format: "%.3f", start)) (seconds since epoch)]\n"
        out += "#[Swarmcast delay: receive time minus capture time, in microseconds]\n"
        out += "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n"
        for interval in result.delayIntervals where interval.histogram.totalCount > 0 {
            let encoded = Data(HdrLogCodec.encodeCompressed(interval.histogram)).base64EncodedString()
            out += String(format: "%.3f,%.3f,%.3f,", interval.startOffsetSeconds, interval.lengthSeconds, Double(interval.histogram.max) / 1000) + encoded + "\n"
        }
        return out
    }

    /// Reads the interval histograms of a log written by `log` (or by HdrHistogram's writers).
    public static func read(_ text: String) throws -> [IntervalHistogram] {
        var out: [IntervalHistogram] = []
        for (number, line) in text.split(separator: "\n").enumerated() {
            if line.hasPrefix("#") || line.hasPrefix("\"") || line.isEmpty { continue }
            var fields = line.split(separator: ",")
            if fields.first?.hasPrefix("Tag=") == true { fields.removeFirst() }
            guard fields.count == 4, let start = Double(fields[0]), let length = Double(fields[1]),
                  let data = Data(base64Encoded: String(fields[3])) else {
                throw ReportError.badHistogram("line \(number + 1): not an interval line")
            }
            out.append(IntervalHistogram(startOffsetSeconds: start, lengthSeconds: length, histogram: try HdrLogCodec.decodeCompressed(Array(data))))
        }
        return out
    }
}
