/// One line of a line-by-line comparison.
public enum DiffLine: Sendable, Hashable {
    /// A line present, unchanged, in both texts.
    case same(String)
    /// A line present only in the old text.
    case removed(String)
    /// A line present only in the new text.
    case added(String)
}

/// Line-by-line comparison of two texts.
///
/// The comparison is a shortest edit script (Myers, "An O(ND) Difference Algorithm and Its
/// Variations", 1986, in its linear-space form), so it runs in O((N+M)·D) time for texts of
/// N and M lines that differ by D lines, and in O(N+M) memory.
///
/// ```swift
/// let changes = LineDiff.diff("intro\nold rule\noutro", "intro\nnew rule\noutro")
/// // [.same("intro"), .removed("old rule"), .added("new rule"), .same("outro")]
/// print(LineDiff.render(changes))
/// ```
public enum LineDiff {
    /// Splits text into lines on `"\n"`.
    ///
    /// A trailing newline does not create an extra empty line, and `""` is zero lines.
    /// A carriage return before a newline stays part of its line, so joining the lines
    /// with `"\n"` gives back the text without its trailing newline.
    ///
    /// - Parameter text: The text to split.
    /// - Returns: The lines of `text`, without their line terminators.
    public static func lines(of text: String) -> [String] {
        // Split on the UTF-8 newline byte: splitting on the Character "\n" would keep
        // "\r\n", a single grapheme cluster, from ever matching.
        var lines = text.utf8
            .split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(Substring($0)) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The shortest edit script that turns `old` into `new`, as lines in order.
    ///
    /// Within each changed hunk the removed lines come before the added lines.
    /// Taking the `.same` and `.removed` lines gives back `old`; taking the `.same`
    /// and `.added` lines gives `new`.
    ///
    /// - Parameters:
    ///   - old: The lines before the change.
    ///   - new: The lines after the change.
    /// - Returns: Every line of both inputs, each marked same, removed or added.
    public static func diff(_ old: [String], _ new: [String]) -> [DiffLine] {
        let identifiers = lineIdentifiers(old, new)
        let matches = matchedLines(identifiers[0], identifiers[1])

        var result: [DiffLine] = []
        result.reserveCapacity(old.count + new.count - matches.count)
        var oldIndex = 0
        var newIndex = 0
        for match in matches + [LineMatch(old: old.count, new: new.count)] {
            result += old[oldIndex..<match.old].map(DiffLine.removed)
            result += new[newIndex..<match.new].map(DiffLine.added)
            if match.old < old.count {
                result.append(.same(old[match.old]))
            }
            oldIndex = match.old + 1
            newIndex = match.new + 1
        }
        return result
    }

    /// The shortest edit script that turns the text `old` into the text `new`, line by line.
    ///
    /// Both texts are split with ``lines(of:)``.
    ///
    /// - Parameters:
    ///   - old: The text before the change.
    ///   - new: The text after the change.
    /// - Returns: Every line of both texts, each marked same, removed or added.
    public static func diff(_ old: String, _ new: String) -> [DiffLine] {
        diff(lines(of: old), lines(of: new))
    }

    /// Unified-style text for a terminal: each line prefixed with `"  "`, `"- "` or `"+ "`.
    ///
    /// Lines are joined with `"\n"`, without a trailing newline.
    ///
    /// - Parameter lines: A comparison made by `diff`.
    /// - Returns: The rendered comparison; `""` for no lines.
    public static func render(_ lines: [DiffLine]) -> String {
        lines.map { line in
            switch line {
            case .same(let text): "  " + text
            case .removed(let text): "- " + text
            case .added(let text): "+ " + text
            }
        }
        .joined(separator: "\n")
    }
}

// MARK: - Matching

/// A line of one sequence matched with an equal line of another, by index.
struct LineMatch: Sendable, Hashable {
    var old: Int
    var new: Int
}

extension LineDiff {
    /// Replaces every line by a small integer, equal lines by equal integers, across all sequences.
    ///
    /// Comparing integers instead of strings makes the inner loop of the search cheap;
    /// the integers are dense, starting at 0.
    static func lineIdentifiers(_ sequences: [String]...) -> [[Int]] {
        var identifierByLine: [String: Int] = [:]
        return sequences.map { lines in
            lines.map { line in
                if let identifier = identifierByLine[line] { return identifier }
                let identifier = identifierByLine.count
                identifierByLine[line] = identifier
                return identifier
            }
        }
    }

    /// The pairs of a longest common subsequence of `old` and `new`, in increasing order.
    ///
    /// Lines that occur in only one of the sequences can never be matched, so they are set
    /// aside before the search; this keeps the search short when most lines were rewritten.
    static func matchedLines(_ old: [Int], _ new: [Int]) -> [LineMatch] {
        let identifierCount = max(old.max() ?? -1, new.max() ?? -1) + 1
        var isInOld = [Bool](repeating: false, count: identifierCount)
        var isInNew = [Bool](repeating: false, count: identifierCount)
        for identifier in old { isInOld[identifier] = true }
        for identifier in new { isInNew[identifier] = true }
        let oldCandidates = old.indices.filter { isInNew[old[$0]] }
        let newCandidates = new.indices.filter { isInOld[new[$0]] }

        var search = ShortestEditSearch(
            old: oldCandidates.map { old[$0] },
            new: newCandidates.map { new[$0] }
        )
        search.collectMatches(old: 0..<oldCandidates.count, new: 0..<newCandidates.count)
        return search.matches.map { LineMatch(old: oldCandidates[$0.old], new: newCandidates[$0.new]) }
    }
}

/// Myers' linear-space shortest edit script search over two integer sequences.
///
/// Divide and conquer: trim the common prefix and suffix, find a point that lies on a
/// shortest edit path by running the greedy search from both ends until the paths meet
/// ("middle snake"), and recurse on both halves.
///
/// Diagonals are numbered `x - y` in absolute coordinates; the frontier arrays hold, for
/// each diagonal, the furthest `x` reached so far (forward) or the smallest (backward).
private struct ShortestEditSearch {
    let old: [Int]
    let new: [Int]
    /// Matched index pairs found so far, in increasing order.
    private(set) var matches: [LineMatch] = []
    private var forwardFrontier: [Int]
    private var backwardFrontier: [Int]
    /// Shift from a diagonal number to an index in the frontier arrays.
    private let diagonalOffset: Int

    init(old: [Int], new: [Int]) {
        self.old = old
        self.new = new
        // Diagonals range over -new.count...old.count, plus one sentinel on either side.
        diagonalOffset = new.count + 1
        forwardFrontier = [Int](repeating: 0, count: old.count + new.count + 3)
        backwardFrontier = forwardFrontier
        matches.reserveCapacity(min(old.count, new.count))
    }

    /// Appends the matches of a shortest edit script between `old[oldRange]` and `new[newRange]`.
    mutating func collectMatches(old oldRange: Range<Int>, new newRange: Range<Int>) {
        var oldStart = oldRange.lowerBound, oldEnd = oldRange.upperBound
        var newStart = newRange.lowerBound, newEnd = newRange.upperBound

        while oldStart < oldEnd, newStart < newEnd, old[oldStart] == new[newStart] {
            matches.append(LineMatch(old: oldStart, new: newStart))
            oldStart += 1
            newStart += 1
        }
        var suffixCount = 0
        while oldStart < oldEnd, newStart < newEnd, old[oldEnd - 1] == new[newEnd - 1] {
            oldEnd -= 1
            newEnd -= 1
            suffixCount += 1
        }

        // With both sides non-empty after trimming, at least two edits remain, so the
        // middle point splits the problem into two strictly smaller ones.
        if oldStart < oldEnd, newStart < newEnd {
            let middle = middlePoint(old: oldStart..<oldEnd, new: newStart..<newEnd)
            collectMatches(old: oldStart..<middle.old, new: newStart..<middle.new)
            collectMatches(old: middle.old..<oldEnd, new: middle.new..<newEnd)
        }

        for step in 0..<suffixCount {
            matches.append(LineMatch(old: oldEnd + step, new: newEnd + step))
        }
    }

    /// A point on a shortest edit path from the start to the end of the given ranges.
    ///
    /// Both ranges must be non-empty, with differing first lines and differing last lines.
    private mutating func middlePoint(old oldRange: Range<Int>, new newRange: Range<Int>) -> LineMatch {
        // The search loop is the whole cost of a diff; buffer pointers keep it free of
        // array bounds and uniqueness checks in release builds (about twice as fast).
        let offset = diagonalOffset
        return old.withUnsafeBufferPointer { old in
            new.withUnsafeBufferPointer { new in
                forwardFrontier.withUnsafeMutableBufferPointer { forwardFrontier in
                    backwardFrontier.withUnsafeMutableBufferPointer { backwardFrontier in
                        Self.middlePoint(
                            old: old, oldRange, new: new, newRange, diagonalOffset: offset,
                            forwardFrontier: forwardFrontier, backwardFrontier: backwardFrontier)
                    }
                }
            }
        }
    }

    private static func middlePoint(
        old: UnsafeBufferPointer<Int>, _ oldRange: Range<Int>,
        new: UnsafeBufferPointer<Int>, _ newRange: Range<Int>,
        diagonalOffset offset: Int,
        forwardFrontier: UnsafeMutableBufferPointer<Int>,
        backwardFrontier: UnsafeMutableBufferPointer<Int>
    ) -> LineMatch {
        let oldStart = oldRange.lowerBound, oldEnd = oldRange.upperBound
        let newStart = newRange.lowerBound, newEnd = newRange.upperBound
        let lowestDiagonal = oldStart - newEnd
        let highestDiagonal = oldEnd - newStart
        let forwardStart = oldStart - newStart
        let backwardStart = oldEnd - newEnd
        // With an odd difference the paths can first meet right after a forward step,
        // with an even one right after a backward step.
        let meetsAfterForwardStep = (forwardStart - backwardStart) & 1 != 0

        forwardFrontier[offset + forwardStart] = oldStart
        backwardFrontier[offset + backwardStart] = oldEnd
        var forwardLow = forwardStart, forwardHigh = forwardStart
        var backwardLow = backwardStart, backwardHigh = backwardStart

        while true {
            // Widen the forward band by one diagonal each side, staying on the board and
            // keeping its parity; a sentinel just outside makes the edge pick the inside.
            if forwardLow > lowestDiagonal {
                forwardLow -= 1
                forwardFrontier[offset + forwardLow - 1] = -1
            } else {
                forwardLow += 1
            }
            if forwardHigh < highestDiagonal {
                forwardHigh += 1
                forwardFrontier[offset + forwardHigh + 1] = -1
            } else {
                forwardHigh -= 1
            }
            for diagonal in stride(from: forwardHigh, through: forwardLow, by: -2) {
                let fromBelow = forwardFrontier[offset + diagonal - 1]
                let fromAbove = forwardFrontier[offset + diagonal + 1]
                var x = fromBelow < fromAbove ? fromAbove : fromBelow + 1
                var y = x - diagonal
                while x < oldEnd, y < newEnd, old[x] == new[y] {
                    x += 1
                    y += 1
                }
                forwardFrontier[offset + diagonal] = x
                if meetsAfterForwardStep, backwardLow <= diagonal, diagonal <= backwardHigh,
                   backwardFrontier[offset + diagonal] <= x {
                    return LineMatch(old: x, new: y)
                }
            }

            if backwardLow > lowestDiagonal {
                backwardLow -= 1
                backwardFrontier[offset + backwardLow - 1] = .max
            } else {
                backwardLow += 1
            }
            if backwardHigh < highestDiagonal {
                backwardHigh += 1
                backwardFrontier[offset + backwardHigh + 1] = .max
            } else {
                backwardHigh -= 1
            }
            for diagonal in stride(from: backwardHigh, through: backwardLow, by: -2) {
                let fromBelow = backwardFrontier[offset + diagonal - 1]
                let fromAbove = backwardFrontier[offset + diagonal + 1]
                var x = fromBelow < fromAbove ? fromBelow : fromAbove - 1
                var y = x - diagonal
                while x > oldStart, y > newStart, old[x - 1] == new[y - 1] {
                    x -= 1
                    y -= 1
                }
                backwardFrontier[offset + diagonal] = x
                if !meetsAfterForwardStep, forwardLow <= diagonal, diagonal <= forwardHigh,
                   x <= forwardFrontier[offset + diagonal] {
                    return LineMatch(old: x, new: y)
                }
            }
        }
    }
}
