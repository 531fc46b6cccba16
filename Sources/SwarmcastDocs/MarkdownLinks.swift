import Foundation

/// Checks the relative links of Markdown pages the way GitHub resolves them: the file (or
/// directory) must exist, and a `#fragment` must be the anchor of a heading in the target page.
/// Web links are not followed (no network); links inside code are not links.
public enum MarkdownLinks {
    /// One link that does not resolve.
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let target: String
        public let reason: String
        public var description: String { "\(file):\(line): \(target): \(reason)" }
    }

    /// The Markdown files a check covers: README.md and every `.md` under docs/, relative to `root`.
    public static func pages(root: URL) -> [String] {
        var out = FileManager.default.fileExists(atPath: root.appendingPathComponent("README.md").path) ? ["README.md"] : []
        let docs = root.appendingPathComponent("docs")
        if let walker = FileManager.default.enumerator(atPath: docs.path) {
            for case let path as String in walker where path.hasSuffix(".md") { out.append("docs/" + path) }
        }
        return out.sorted()
    }

    /// Every link of `pages` (paths relative to `root`) that does not resolve.
    public static func problems(root: URL, pages: [String]) -> [Problem] {
        var anchorCache: [String: Set<String>] = [:]
        func anchors(_ path: String) -> Set<String>? {
            if let cached = anchorCache[path] { return cached }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            let found = headingAnchors(text)
            anchorCache[path] = found
            return found
        }
        var out: [Problem] = []
        for page in pages {
            let url = root.appendingPathComponent(page)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                out.append(Problem(file: page, line: 0, target: page, reason: "cannot be read"))
                continue
            }
            for (line, target) in links(text) {
                if target.contains("://") || target.hasPrefix("mailto:") { continue }
                let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let pathPart = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let fragment = parts.count > 1 ? String(parts[1]) : nil
                let resolved = pathPart.isEmpty ? url : url.deletingLastPathComponent().appendingPathComponent(pathPart).standardizedFileURL
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isDirectory) else {
                    out.append(Problem(file: page, line: line, target: target, reason: "no such file"))
                    continue
                }
                guard let fragment else { continue }
                guard !isDirectory.boolValue, resolved.pathExtension == "md" else {
                    out.append(Problem(file: page, line: line, target: target, reason: "an anchor into a file that is not Markdown"))
                    continue
                }
                if !(anchors(resolved.path) ?? []).contains(fragment) {
                    out.append(Problem(file: page, line: line, target: target, reason: "no heading with anchor #\(fragment)"))
                }
            }
        }
        return out
    }

    /// `(line, target)` of every inline link and image outside code.
    public static func links(_ text: String) -> [(Int, String)] {
        var out: [(Int, String)] = []
        let pattern = try! NSRegularExpression(pattern: #"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)"#)
        for (index, _, line) in proseLines(text) {
            let ns = line as NSString
            for match in pattern.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
                out.append((index, ns.substring(with: match.range(at: 1))))
            }
        }
        return out
    }

    /// GitHub's anchors for the headings of a page, `-1`, `-2` added to repeats.
    public static func headingAnchors(_ text: String) -> Set<String> {
        var seen: [String: Int] = [:]
        var out: Set<String> = []
        for (_, line, _) in proseLines(text) where line.hasPrefix("#") {
            let hashes = line.prefix { $0 == "#" }
            guard hashes.count <= 6, line.dropFirst(hashes.count).first == " " else { continue }
            let base = slug(String(line.dropFirst(hashes.count)))
            let n = seen[base, default: 0]
            seen[base] = n + 1
            out.insert(n == 0 ? base : "\(base)-\(n)")
        }
        return out
    }

    /// GitHub's slug of a heading: link syntax reduced to its text, lower case, everything but
    /// letters, digits, `-`, `_` and spaces dropped, spaces as `-`.
    public static func slug(_ heading: String) -> String {
        let text = heading.trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: #"\[([^\]]*)\]\([^)]*\)"#, with: "$1", options: .regularExpression)
        return String(text.lowercased().compactMap { c -> Character? in
            if c == " " { return "-" }
            return c.isLetter || c.isNumber || c == "-" || c == "_" ? c : nil
        })
    }

    /// The lines outside fenced code blocks: 1-based number, the line, and the line with its
    /// inline code spans blanked (where links are looked for).
    static func proseLines(_ text: String) -> [(Int, String, String)] {
        var out: [(Int, String, String)] = []
        var fence: String?
        for (i, raw) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix { $0 == "`" || $0 == "~" })
                continue
            }
            out.append((i + 1, raw, raw.replacingOccurrences(of: "`[^`]*`", with: "``", options: .regularExpression)))
        }
        return out
    }
}
