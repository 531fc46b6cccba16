import Foundation

/// junit.xml: one test case per threshold (plus one for completeness), for CI systems.
public enum JUnitReport {
    public static func xml(_ s: RunSummary) -> String {
        var cases: [String] = []
        var failures = 0
        let completeCase = "run.complete"
        if s.complete {
            cases.append("    <testcase classname=\"swarmcast.\(escape(s.scenario))\" name=\"\(completeCase)\"/>")
        } else {
            failures += 1
            cases.append("    <testcase classname=\"swarmcast.\(escape(s.scenario))\" name=\"\(completeCase)\">\n      <failure message=\"run incomplete: \(escape(s.incompleteReasons.joined(separator: ", ")))\"/>\n    </testcase>")
        }
        for t in s.thresholds {
            let name = escape("\(t.metric) \(t.condition)")
            let actual = t.actual.map { String($0) } ?? "no data"
            if t.passed {
                cases.append("    <testcase classname=\"swarmcast.\(escape(s.scenario))\" name=\"\(name)\">\n      <system-out>actual \(escape(actual))</system-out>\n    </testcase>")
            } else {
                failures += 1
                cases.append("    <testcase classname=\"swarmcast.\(escape(s.scenario))\" name=\"\(name)\">\n      <failure message=\"\(escape(t.metric)) was \(escape(actual)), wanted \(escape(t.condition))\(t.verdict == "inconclusive" ? " (inconclusive: within the clock bound)" : "")\"/>\n    </testcase>")
            }
        }
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites tests="\(cases.count)" failures="\(failures)">
          <testsuite name="swarmcast.\(escape(s.scenario))" tests="\(cases.count)" failures="\(failures)" time="\(s.durationSeconds)" timestamp="\(escape(s.startedAt))">
        \(cases.joined(separator: "\n"))
          </testsuite>
        </testsuites>

        """
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
