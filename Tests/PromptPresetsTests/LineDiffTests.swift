import Testing
@testable import PromptPresets

/// A deterministic xorshift64* generator, so randomized tests give the same inputs every run.
struct XorshiftRandomNumberGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
    }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}

/// Random lines drawn from a small alphabet, so that many lines repeat and match.
func makeRandomLines(
    count: Int, alphabetSize: Int, prefix: String = "line ",
    using generator: inout XorshiftRandomNumberGenerator
) -> [String] {
    (0..<count).map { _ in prefix + String(Int.random(in: 0..<alphabetSize, using: &generator)) }
}

/// The lines a diff keeps from `old`: its `.same` and `.removed` lines.
func oldLines(of diff: [DiffLine]) -> [String] {
    diff.compactMap { line in
        switch line {
        case .same(let text), .removed(let text): text
        case .added: nil
        }
    }
}

/// The lines a diff keeps from `new`: its `.same` and `.added` lines.
func newLines(of diff: [DiffLine]) -> [String] {
    diff.compactMap { line in
        switch line {
        case .same(let text), .added(let text): text
        case .removed: nil
        }
    }
}

/// The number of removed and added lines in a diff.
func editCount(of diff: [DiffLine]) -> Int {
    diff.filter { line in
        if case .same = line { false } else { true }
    }.count
}

/// The length of a longest common subsequence, by the textbook O(N·M) dynamic programme.
func longestCommonSubsequenceLength(_ old: [String], _ new: [String]) -> Int {
    var previous = [Int](repeating: 0, count: new.count + 1)
    for oldLine in old {
        var current = [Int](repeating: 0, count: new.count + 1)
        for (j, newLine) in new.enumerated() {
            current[j + 1] = oldLine == newLine ? previous[j] + 1 : max(previous[j + 1], current[j])
        }
        previous = current
    }
    return previous[new.count]
}

@Suite("LineDiff")
struct LineDiffTests {
    @Test("lines(of:) splits on newlines, ignoring one trailing newline", arguments: [
        ("", [String]()),
        ("one", ["one"]),
        ("one\n", ["one"]),
        ("one\ntwo", ["one", "two"]),
        ("one\ntwo\n", ["one", "two"]),
        ("\n", [""]),
        ("one\n\ntwo\n\n", ["one", "", "two", ""]),
        ("crlf\r\nline", ["crlf\r", "line"]),
        ("é\nüñî\n", ["é", "üñî"]),
    ])
    func splitsTextIntoLines(text: String, expected: [String]) {
        #expect(LineDiff.lines(of: text) == expected)
    }

    @Test("Identical texts diff to only unchanged lines")
    func identicalTextsAreAllSame() {
        let lines = ["You are a summarizer.", "", "Summarize {{scene}}.", "Be brief."]
        #expect(LineDiff.diff(lines, lines) == lines.map(DiffLine.same))
    }

    @Test("An empty old text makes every new line an addition")
    func emptyOldIsAllAdded() {
        #expect(LineDiff.diff([], ["a", "b"]) == [.added("a"), .added("b")])
    }

    @Test("An empty new text makes every old line a removal")
    func emptyNewIsAllRemoved() {
        #expect(LineDiff.diff(["a", "b"], []) == [.removed("a"), .removed("b")])
    }

    @Test("Two empty texts diff to nothing")
    func emptyTextsDiffToNothing() {
        #expect(LineDiff.diff([String](), []) == [])
        #expect(LineDiff.diff("", "") == [])
    }

    @Test("A changed middle line is a removal followed by an addition")
    func changedMiddleLineIsRemovedThenAdded() {
        #expect(LineDiff.diff(["a", "b", "c"], ["a", "x", "c"]) == [
            .same("a"), .removed("b"), .added("x"), .same("c"),
        ])
    }

    @Test("Within a changed hunk all removals come before all additions")
    func hunkListsRemovalsBeforeAdditions() {
        #expect(LineDiff.diff(["a", "b", "c", "d"], ["a", "x", "y", "d"]) == [
            .same("a"), .removed("b"), .removed("c"), .added("x"), .added("y"), .same("d"),
        ])
    }

    @Test("Inserted and deleted lines keep the unchanged lines around them", arguments: [
        (["a", "c"], ["a", "b", "c"], [DiffLine.same("a"), .added("b"), .same("c")]),
        (["a", "b", "c"], ["a", "c"], [DiffLine.same("a"), .removed("b"), .same("c")]),
        (["b"], ["a", "b"], [DiffLine.added("a"), .same("b")]),
        (["a", "b"], ["a"], [DiffLine.same("a"), .removed("b")]),
        (["x", "y"], ["p", "q"], [DiffLine.removed("x"), .removed("y"), .added("p"), .added("q")]),
    ])
    func insertionsAndDeletions(old: [String], new: [String], expected: [DiffLine]) {
        #expect(LineDiff.diff(old, new) == expected)
    }

    @Test("Diffing texts splits them into lines first")
    func diffsTexts() {
        #expect(LineDiff.diff("intro\nold rule\noutro\n", "intro\nnew rule\noutro") == [
            .same("intro"), .removed("old rule"), .added("new rule"), .same("outro"),
        ])
    }

    @Test("Rendering prefixes each line with two spaces, a minus or a plus")
    func rendersForTerminals() {
        let rendered = LineDiff.render([.same("keep"), .removed("old"), .added("new"), .same("")])
        #expect(rendered == "  keep\n- old\n+ new\n  ")
        #expect(LineDiff.render([]) == "")
    }

    @Test("Every pair of short binary sequences gets a minimal diff that rebuilds both sides")
    func exhaustiveShortSequencesAreMinimal() {
        var sequences: [[String]] = [[]]
        for length in 1...6 {
            for bits in 0..<(1 << length) {
                sequences.append((0..<length).map { bits >> $0 & 1 == 0 ? "a" : "b" })
            }
        }
        var failures = 0
        for old in sequences {
            for new in sequences {
                let diff = LineDiff.diff(old, new)
                let minimal = old.count + new.count - 2 * longestCommonSubsequenceLength(old, new)
                if oldLines(of: diff) != old || newLines(of: diff) != new || editCount(of: diff) != minimal {
                    failures += 1
                }
            }
        }
        #expect(failures == 0)
    }

    @Test("Random diffs rebuild both sides and are as short as the O(N·M) LCS allows",
          arguments: [(alphabetSize: 2, maxCount: 30), (3, 40), (8, 60), (40, 80)])
    func randomDiffsAreMinimal(alphabetSize: Int, maxCount: Int) {
        var generator = XorshiftRandomNumberGenerator(seed: UInt64(alphabetSize * 1_000 + maxCount))
        for _ in 0..<300 {
            let old = makeRandomLines(
                count: Int.random(in: 0...maxCount, using: &generator), alphabetSize: alphabetSize,
                using: &generator)
            let new = makeRandomLines(
                count: Int.random(in: 0...maxCount, using: &generator), alphabetSize: alphabetSize,
                using: &generator)
            let diff = LineDiff.diff(old, new)
            #expect(oldLines(of: diff) == old)
            #expect(newLines(of: diff) == new)
            #expect(editCount(of: diff) == old.count + new.count - 2 * longestCommonSubsequenceLength(old, new))
        }
    }

    @Test("Random edits of a long text are undone by the diff, with no more edits than were made")
    func randomEditsOfLongTextRoundTrip() {
        var generator = XorshiftRandomNumberGenerator(seed: 42)
        for _ in 0..<20 {
            let old = makeRandomLines(count: 2_000, alphabetSize: 500, using: &generator)
            var new = old
            var editsMade = 0
            for _ in 0..<Int.random(in: 0...60, using: &generator) {
                let position = Int.random(in: 0...new.count, using: &generator)
                if Bool.random(using: &generator), position < new.count {
                    new.remove(at: position)
                } else {
                    new.insert("inserted \(Int.random(in: 0..<10, using: &generator))", at: position)
                }
                editsMade += 1
            }
            let diff = LineDiff.diff(old, new)
            #expect(oldLines(of: diff) == old)
            #expect(newLines(of: diff) == new)
            #expect(editCount(of: diff) <= editsMade)
        }
    }

    @Test("A 20,000-line text with three changed lines diffs to six edits")
    func largeTextWithFewChanges() {
        let old = (0..<20_000).map { "line \($0 % 1_000)" }
        var new = old
        for index in [3, 10_000, 19_999] {
            new[index] = "changed \(index)"
        }
        let diff = LineDiff.diff(old, new)
        #expect(editCount(of: diff) == 6)
        #expect(newLines(of: diff) == new)
        #expect(oldLines(of: diff) == old)
    }

    @Test("Two completely different 20,000-line texts diff to removals then additions")
    func largeDisjointTexts() {
        let old = (0..<20_000).map { "old \($0)" }
        let new = (0..<20_000).map { "new \($0)" }
        #expect(LineDiff.diff(old, new) == old.map(DiffLine.removed) + new.map(DiffLine.added))
    }
}
