import Foundation

/// The runs one side of a comparison stands for: a single run directory, or the directory
/// `swarmcast run --runs N` writes (run-1 … run-N beside an aggregate summary.json).
public enum RunSet {
    /// The run directories under `path`: its run-N subdirectories in order, or `path` itself.
    public static func directories(_ path: String) throws(ReportError) -> [URL] {
        let url = URL(fileURLWithPath: path.hasSuffix("summary.json") ? (path as NSString).deletingLastPathComponent : path)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .badRunDirectory(path: url.path, problem: "no such directory")
        }
        let runs = ((try? fm.contentsOfDirectory(atPath: url.path)) ?? [])
            .compactMap { name -> (Int, URL)? in
                guard name.hasPrefix("run-"), let n = Int(name.dropFirst(4)) else { return nil }
                let dir = url.appendingPathComponent(name)
                return fm.fileExists(atPath: dir.appendingPathComponent("summary.json").path) ? (n, dir) : nil
            }
            .sorted { $0.0 < $1.0 }
            .map(\.1)
        if !runs.isEmpty { return runs }
        guard fm.fileExists(atPath: url.appendingPathComponent("summary.json").path) else {
            throw .badRunDirectory(path: url.path, problem: "no summary.json and no run-1/, run-2/ … (a run directory is what `swarmcast run --out DIR` or `--runs N --out DIR` writes)")
        }
        return [url]
    }

    /// Every run of the set, read back.
    public static func load(_ path: String) throws(ReportError) -> [RunResult] {
        var out: [RunResult] = []
        for dir in try directories(path) {
            do { out.append(try RunResult.read(directory: dir)) } catch let error as ReportError { throw error } catch {
                throw .badRunDirectory(path: dir.path, problem: "\(error)")
            }
        }
        return out
    }
}
