/// A Markdown table built row by row; cells are escaped so a `|` in a value (`a|b`) stays in
/// its cell and a newline cannot break the row.
struct MarkdownTable {
    let header: [String]
    private(set) var rows: [[String]] = []

    init(_ header: String...) { self.header = header }

    mutating func add(_ cells: String...) {
        precondition(cells.count == header.count, "a row has \(cells.count) cells, the header \(header.count)")
        rows.append(cells)
    }

    /// Inline code, for names and values (`--max-listeners`); empty stays empty.
    static func code(_ text: String) -> String { text.isEmpty ? "" : "`\(text)`" }

    var text: String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }.joined(separator: " | ") + " |"
        }
        return ([line(header), "|" + String(repeating: "---|", count: header.count)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
