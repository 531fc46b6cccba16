import Foundation
@testable import SwarmcastDocs
import SwarmcastScenario
import SwarmcastSettings
import SwarmcastTestSupport
import Testing
import Yams

/// What the reference pages hold, read from the declarations.
@Suite struct ReferencePagesTests {
    @Test func everySettingIsListedWithItsFlagDefaultAndBounds() {
        let page = ReferencePages.settingsPage()
        for field in ServerSettings.fields {
            #expect(page.contains("| `server.\(field.key)` | `\(field.flag)` |"), "server.\(field.key) missing")
        }
        #expect(page.contains("| `server.max_listeners` | `--max-listeners` | `N` | `19000` | 0 to 10000000 |"))
        #expect(page.contains("| `listeners.protocol` | `--protocol` | `native\\|http-audio\\|hls\\|ll-hls` |"))
        for field in AudioSettings.fields + [] { #expect(page.contains("`audio.\(field.key)`")) }
        for field in ListenerSettings.fields { #expect(page.contains("`listeners.\(field.key)`")) }
        for field in RunSettings.fields { #expect(page.contains("`run.\(field.key)`")) }
    }

    @Test func everyThresholdMetricIsDocumented() {
        let undocumented = Threshold.knownMetrics.filter { Threshold.doc(for: $0) == nil }
        #expect(undocumented.isEmpty, "add these to Threshold.metricDocs (Threshold+Docs.swift): \(undocumented)")
        let stale = Threshold.metricDocs.keys.filter { !Threshold.latencyFamilies.contains($0) && Threshold.kind(of: $0) == nil }
        #expect(stale.isEmpty, "Threshold.metricDocs names metrics that do not exist: \(stale)")
        let page = ReferencePages.thresholdsPage()
        for metric in Threshold.rateMetrics + Threshold.countMetrics { #expect(page.contains("| `\(metric)` |")) }
        #expect(page.contains("| `connect.*` | ms | whole run only |"))
    }

    @Test func theLoaderTakesItsBoundsFromTheDeclarations() throws {
        let bounds = try #require(ScenarioKeys.serverWorkers.intRange)
        let yaml = "name: x\nserver:\n  workers: \(bounds.upperBound + 1)\nlisteners:\n  stages:\n    - hold: 1s\n"
        #expect(throws: ScenarioError.self) { try ScenarioLoader.parse(yaml, file: "x.yaml") }
        do { _ = try ScenarioLoader.parse(yaml, file: "x.yaml") } catch {
            #expect("\(error)".contains("between \(bounds.lowerBound) and \(bounds.upperBound)"))
        }
    }

    /// Every key written in a shipped scenario is on the scenario reference page.
    @Test func everyKeyTheShippedScenariosUseIsInTheReference() throws {
        let page = ReferencePages.scenarioPage()
        let configs = SwarmcastBinary.packageRoot.appendingPathComponent("Configs")
        var missing: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: configs.path) where file.hasSuffix(".yaml") {
            let text = try String(contentsOf: configs.appendingPathComponent(file), encoding: .utf8)
            let root = try #require(try Yams.compose(yaml: text))
            for path in Self.keyPaths(root, prefix: "") where !page.contains("`\(path)`") { missing.insert("\(file): \(path)") }
        }
        #expect(missing.isEmpty, "keys of shipped scenarios the reference does not list: \(missing.sorted())")
    }

    /// `server.workers`, `listeners.stages[].ramp`, `thresholds.METRIC.window`: the page's spelling.
    static func keyPaths(_ node: Node, prefix: String) -> [String] {
        if let mapping = node.mapping {
            return mapping.flatMap { key, value -> [String] in
                var name = key.scalar?.string ?? ""
                if prefix == "thresholds" {
                    name = "METRIC"
                    if value.mapping == nil { return ["thresholds.METRIC"] }
                }
                let path = prefix.isEmpty ? name : "\(prefix).\(name)"
                let below = keyPaths(value, prefix: path)
                return below.isEmpty || value.sequence?.first?.mapping == nil && value.mapping == nil ? [path] + below : below
            }
        }
        if let sequence = node.sequence, sequence.contains(where: { $0.mapping != nil }) {
            return sequence.flatMap { keyPaths($0, prefix: prefix + "[]") }
        }
        return []
    }

    @Test func tableCellsEscapeBars() {
        var table = MarkdownTable("a", "b")
        table.add("x|y", "z")
        #expect(table.text == "| a | b |\n|---|---|\n| x\\|y | z |\n")
    }
}
