import Foundation

/// Writes the top of a `run --runs N` directory: the aggregate summary.json, benchmark.json
/// with each figure's range, junit.xml (each threshold on the median and per run) and a
/// report.html that links each run's own report.
public enum RunAggregateWriter {
    public static func write(_ aggregate: RunAggregate, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try RunWriter.atomicWrite(aggregate.benchmarkJSON(), to: directory.appendingPathComponent("benchmark.json"))
        try RunWriter.atomicWrite(junit(aggregate), to: directory.appendingPathComponent("junit.xml"))
        try RunWriter.atomicWrite(html(aggregate), to: directory.appendingPathComponent("report.html"))
        try RunWriter.atomicWrite(aggregate.json(), to: directory.appendingPathComponent("summary.json"))
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func junit(_ a: RunAggregate) -> String {
        var cases: [String] = []
        for t in a.thresholds {
            let name = escape("\(t.metric) \(t.condition)")
            let actual = t.aggregate.actual.map { String($0) } ?? "no data"
            cases.append("  <testcase classname=\"\(escape(a.scenario)).median\" name=\"\(name)\">" +
                         (t.aggregate.passed ? "" : "<failure message=\"median \(actual)\"/>") + "</testcase>")
            for (i, r) in t.perRun.enumerated() {
                cases.append("  <testcase classname=\"\(escape(a.scenario)).run-\(i + 1)\" name=\"\(name)\">" +
                             (r.passed ? "" : "<failure message=\"actual \(r.actual.map { String($0) } ?? "no data")\"/>") + "</testcase>")
            }
        }
        let failures = a.thresholds.reduce(0) { $0 + ($1.aggregate.passed ? 0 : 1) + $1.perRun.filter { !$0.passed }.count }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"\(escape(a.scenario)) x\(a.runs)\" tests=\"\(cases.count)\" failures=\"\(failures)\">\n"
            + cases.joined(separator: "\n") + "\n</testsuite>\n"
    }

    static func html(_ a: RunAggregate) -> String {
        var rows = ""
        for v in a.orderedFigures {
            let values = v.values.map { String(format: "%.3f", $0) }.joined(separator: " · ")
            rows += "<tr><td>\(escape(v.title))</td><td>\(String(format: "%.3f", v.median))</td>"
                + "<td>\(String(format: "%.3f", v.min))</td><td>\(String(format: "%.3f", v.max))</td><td>\(String(format: "%.3f", v.spread))</td><td>\(values)</td></tr>\n"
        }
        var thresholds = ""
        for t in a.thresholds {
            let actual = t.aggregate.actual.map { String(format: "%.3f", $0) } ?? "no data"
            thresholds += "<tr class=\"\(t.aggregate.passed ? "pass" : "fail")\"><td>\(escape(t.metric)) \(escape(t.condition))</td><td>\(actual)</td>"
                + "<td>\(t.aggregate.passed ? "pass" : "FAIL")</td><td>\(t.runsPassed) of \(a.runs)</td></tr>\n"
        }
        let links = a.runDirectories.map { "<a href=\"\($0)/report.html\">\($0)</a>" }.joined(separator: " · ")
        return """
        <!doctype html><html><head><meta charset="utf-8"><title>\(escape(a.scenario)) × \(a.runs) runs</title>
        <style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1000px}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}.fail{color:#b00020;font-weight:bold}.pass{color:#1b5e20}</style>
        </head><body><h1>\(escape(a.scenario)): \(a.runs) runs\(a.complete ? "" : " (incomplete)")</h1>
        <p>Each figure's median over the runs, its range and spread; thresholds judged on the median and on each run.</p>
        <table><tr><th>figure</th><th>median</th><th>min</th><th>max</th><th>spread</th><th>each run</th></tr>
        \(rows)</table>
        <h2>Thresholds</h2><table><tr><th>threshold</th><th>median</th><th>verdict</th><th>held in</th></tr>
        \(thresholds)</table>
        <p>Runs: \(links)</p></body></html>

        """
    }
}
