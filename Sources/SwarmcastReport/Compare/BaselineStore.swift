import Foundation

/// Named baselines kept in a folder (as package-benchmark keeps its baselines), so a CI job
/// compares a build against the last accepted one by name instead of by path.
public struct BaselineStore: Sendable {
    /// The folder holding one subfolder per baseline.
    public let root: URL

    /// `--baselines DIR`, else `$SWARMCAST_BASELINES`, else `.swarmcast/baselines`.
    public init(directory: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        root = URL(fileURLWithPath: directory ?? environment["SWARMCAST_BASELINES"] ?? ".swarmcast/baselines")
    }

    /// A baseline's folder.
    public func path(_ name: String) -> URL { root.appendingPathComponent(name) }

    /// Copies a run (or a `--runs N` directory) in as `name`, replacing an earlier one.
    public func save(_ name: String, from runPath: String) throws(ReportError) {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw .badRunDirectory(path: name, problem: "a baseline name is one word without / (e.g. main)")
        }
        let sources = try RunSet.directories(runPath)
        let fm = FileManager.default
        let destination = path(name)
        let staging = root.appendingPathComponent(".\(name).saving")
        do {
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            if sources.count == 1 && sources[0].lastPathComponent.hasPrefix("run-") == false {
                for file in try fm.contentsOfDirectory(atPath: sources[0].path) {
                    try fm.copyItem(at: sources[0].appendingPathComponent(file), to: staging.appendingPathComponent(file))
                }
            } else {
                for source in sources { try fm.copyItem(at: source, to: staging.appendingPathComponent(source.lastPathComponent)) }
                let aggregate = URL(fileURLWithPath: runPath).appendingPathComponent("summary.json")
                if fm.fileExists(atPath: aggregate.path) { try fm.copyItem(at: aggregate, to: staging.appendingPathComponent("aggregate.json")) }
                let ran = URL(fileURLWithPath: runPath).appendingPathComponent(RunScenarioFile.fileName)
                if fm.fileExists(atPath: ran.path) { try fm.copyItem(at: ran, to: staging.appendingPathComponent(RunScenarioFile.fileName)) }
            }
            try? fm.removeItem(at: destination)
            try fm.moveItem(at: staging, to: destination)
        } catch {
            throw .badRunDirectory(path: destination.path, problem: "could not save the baseline: \((error as NSError).localizedDescription)")
        }
    }

    /// The saved baselines' names.
    public func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The folder of a saved baseline, or an error listing what exists.
    public func existing(_ name: String) throws(ReportError) -> String {
        let dir = path(name)
        guard FileManager.default.fileExists(atPath: dir.path) else {
            let known = names()
            throw .badRunDirectory(path: dir.path, problem: "no baseline named '\(name)' (saved: \(known.isEmpty ? "none; save one with `swarmcast baseline save NAME DIR`" : known.joined(separator: ", ")))")
        }
        return dir.path
    }
}
