import SwarmcastScenario
import Testing

/// The windowed threshold form and its errors, each naming file:line:column and the field.
struct WindowedThresholdParsingTests {
    static let head = "name: x\nlisteners:\n  stages:\n    - hold: 1s\nthresholds:\n"

    @Test func mappingFormReadsEveryOption() throws {
        let s = try ScenarioLoader.parse(Self.head + """
          delay.p99: {condition: "< 250ms", window: 10s, ignore_first: 5s, abort_on_fail: true, delay_abort_eval: 20s}
          frames.lost:
            condition: "< 100"
            window: 5s
          generator.saturated_seconds: "== 0"
          failures.rate: "< 1%"
        """, file: "w.yaml")
        let byMetric = Dictionary(uniqueKeysWithValues: s.thresholds.map { ($0.metric, $0) })
        let delay = try #require(byMetric["delay.p99"])
        #expect(delay.bound == 250 && delay.windowSeconds == 10 && delay.ignoreFirstSeconds == 5)
        #expect(delay.abortOnFail && delay.delayAbortEvalSeconds == 20)
        #expect(delay.label == "delay.p99 < 250ms per 10s window")
        #expect(byMetric["frames.lost"]?.windowSeconds == 5 && byMetric["frames.lost"]?.abortOnFail == false)
        // The plain form keeps its whole-run meaning.
        #expect(byMetric["failures.rate"]?.windowSeconds == nil)
        #expect(byMetric["generator.saturated_seconds"]?.bound == 0)
    }

    static let broken: [(String, String)] = [
        ("  connect.p99: {condition: \"< 1s\", window: 10s}\n",
         "w.yaml:6:44: thresholds.connect.p99.window: connect.p99 has no per-second series, so it can only be judged on the whole run"),
        ("  agents.lost: {condition: \"== 0\", window: 10s}\n",
         "w.yaml:6:44: thresholds.agents.lost.window: agents.lost has no per-second series"),
        ("  delay.p99: {condition: \"< 1s\", abort_on_fail: true}\n",
         "w.yaml:6:49: thresholds.delay.p99.abort_on_fail: needs window: (the run is judged each second on the windows so far)"),
        ("  delay.p99: {condition: \"< 1s\", window: 10s, windw: 3s}\n",
         "w.yaml:6:47: thresholds.delay.p99.windw: unknown key"),
        ("  delay.p99: {window: 10s}\n",
         "w.yaml:6:14: thresholds.delay.p99.condition: is missing"),
        ("  delay.p99: {condition: \"about 1s\", window: 10s}\n",
         "w.yaml:6:26: thresholds.delay.p99.condition: bad condition 'about 1s'"),
        ("  delay.p99: {condition: \"< 1s\", window: 1500ms}\n",
         "w.yaml:6:42: thresholds.delay.p99.window: must be whole seconds"),
        ("  delay.p99: {condition: \"< 1s\", window: 10s, delay_abort_eval: 5s}\n",
         "w.yaml:6:65: thresholds.delay.p99.delay_abort_eval: needs abort_on_fail: true"),
        ("  delay.p99: {condition: \"< 1s\", ignore_first: 5s}\n",
         "w.yaml:6:48: thresholds.delay.p99.ignore_first: needs window:"),
    ]

    @Test(arguments: 0..<broken.count)
    func brokenWindowedThresholdGivesItsExactError(index: Int) {
        let (text, expected) = Self.broken[index]
        do {
            _ = try ScenarioLoader.parse(Self.head + text, file: "w.yaml")
            Issue.record("no error for case \(index)")
        } catch {
            #expect(error.description.hasPrefix(expected), "case \(index): \(error.description)")
        }
    }

    @Test func onlyMetricsWithAPerSecondSeriesTakeAWindow() {
        #expect(Threshold.hasPerSecondSeries("delay.p99") && Threshold.hasPerSecondSeries("first_audio.p95"))
        #expect(Threshold.hasPerSecondSeries("generator.saturated_seconds") && Threshold.hasPerSecondSeries("stalls.count"))
        #expect(!Threshold.hasPerSecondSeries("connect.p99") && !Threshold.hasPerSecondSeries("reconnects.count"))
        #expect(Threshold.knownMetrics.contains("generator.saturated_seconds"))
    }
}
