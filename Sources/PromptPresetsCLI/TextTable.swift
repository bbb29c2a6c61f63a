/// Plain-text columns padded to the widest cell, for human-readable listings.
///
/// ```swift
/// var table = TextTable(header: ["NAME", "VERSION"])
/// table.append(["scene_recap", "1.1.0"])
/// console.print(table.rendered)
/// ```
struct TextTable {
    var header: [String]?
    private(set) var rows: [[String]] = []

    init(header: [String]? = nil) {
        self.header = header
    }

    /// A two-column table of labels and values (`Preset:  Mine`), without a header.
    init(pairs: [(String, String)]) {
        self.header = nil
        self.rows = pairs.map { [$0.0 + ":", $0.1] }
    }

    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// The table, one line per row, columns separated by two spaces, no trailing spaces.
    var rendered: String {
        let all = (header.map { [$0] } ?? []) + rows
        let columnCount = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columnCount)
        for row in all {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], Self.singleLine(cell).count) }
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                let text = Self.singleLine(cell)
                return index == row.count - 1 ? text : text + String(repeating: " ", count: widths[index] - text.count)
            }
            .joined(separator: "  ")
            .trimmingTrailingSpaces()
        }
        .joined(separator: "\n")
    }

    /// Cells are one line: line breaks show as `⏎`, so a prompt never breaks the layout.
    private static func singleLine(_ text: String) -> String {
        text.contains(where: \.isNewline) ? text.split(whereSeparator: \.isNewline).joined(separator: " ⏎ ") : text
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
