import Foundation

/// Writes a run directory: every report file from one `RunResult`.
///
/// Files are written to a temporary name and renamed, so a reader (or a crash) never sees half a
/// file; summary.json is written last, so its presence means the others are there.
public enum RunWriter {
    /// The files a run directory holds.
    public static let fileNames = ["timeline.csv", "delay.hlog", "metrics.prom", "report.html", "junit.xml", "benchmark.json", "summary.json"]

    /// `scenarioText` is the scenario as written (shown in report.html); `scenarioYAML` the
    /// scenario as it ran (`RunScenarioFile`), written as scenario.yaml.
    public static func write(_ result: RunResult, to directory: URL, scenarioText: String? = nil, scenarioYAML: String? = nil) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let scenarioYAML { try atomicWrite(scenarioYAML, to: directory.appendingPathComponent(RunScenarioFile.fileName)) }
        try atomicWrite(timelineCSV(result.timeline), to: directory.appendingPathComponent("timeline.csv"))
        try atomicWrite(HdrLogWriter.log(result), to: directory.appendingPathComponent("delay.hlog"))
        try atomicWrite(PrometheusReport.text(result.summary), to: directory.appendingPathComponent("metrics.prom"))
        try atomicWrite(HTMLReport.page(result, scenarioText: scenarioText), to: directory.appendingPathComponent("report.html"))
        try atomicWrite(JUnitReport.xml(result.summary), to: directory.appendingPathComponent("junit.xml"))
        try atomicWrite(BenchmarkReport.json(result.summary), to: directory.appendingPathComponent("benchmark.json"))
        try atomicWrite(summaryJSON(result.summary), to: directory.appendingPathComponent("summary.json"))
    }

    public static func summaryJSON(_ summary: RunSummary) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n"
    }

    public static func readSummary(_ url: URL) throws -> RunSummary {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(RunSummary.self, from: Data(contentsOf: url))
    }

    public static func timelineCSV(_ rows: [TimelineRow]) -> String {
        ([TimelineRow.csvHeader] + rows.map(\.csvLine)).joined(separator: "\n") + "\n"
    }

    public static func atomicWrite(_ text: String, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        try Data(text.utf8).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
    }
}
