import Testing
@testable import PromptPresets

@Suite("ThreeWayMerge")
struct ThreeWayMergeTests {
    static let base = ["You are a summarizer.", "Read the scene.", "Summarize it.", "Be brief.", "Use English."]

    /// `base` with the lines at the given indices replaced.
    static func base(replacing replacements: [Int: String]) -> [String] {
        base.enumerated().map { index, line in replacements[index] ?? line }
    }

    @Test("When only ours changed, the merge is ours")
    func onlyOursChanged() {
        let ours = Self.base(replacing: [2: "Summarize it in detail."])
        let result = ThreeWayMerge.merge(base: Self.base, ours: ours, theirs: Self.base)
        #expect(result == MergeResult(chunks: [.resolved(ours)]))
        #expect(!result.hasConflicts)
    }

    @Test("When only theirs changed, the merge is theirs")
    func onlyTheirsChanged() {
        var theirs = Self.base
        theirs.insert("Never invent facts.", at: 3)
        theirs.removeLast()
        let result = ThreeWayMerge.merge(base: Self.base, ours: Self.base, theirs: theirs)
        #expect(result == MergeResult(chunks: [.resolved(theirs)]))
    }

    @Test("When neither side changed, the merge is the base")
    func neitherChanged() {
        let result = ThreeWayMerge.merge(base: Self.base, ours: Self.base, theirs: Self.base)
        #expect(result == MergeResult(chunks: [.resolved(Self.base)]))
    }

    @Test("Changes to different lines far apart are both kept without conflict")
    func separateChangesBothApply() {
        let ours = Self.base(replacing: [0: "You are a careful summarizer."])
        let theirs = Self.base(replacing: [4: "Use the story's language."])
        let result = ThreeWayMerge.merge(base: Self.base, ours: ours, theirs: theirs)
        #expect(!result.hasConflicts)
        #expect(result.text(resolvingConflictsWith: .ours) == Self.base(replacing: [
            0: "You are a careful summarizer.", 4: "Use the story's language.",
        ]).joined(separator: "\n"))
    }

    @Test("The same line changed differently on both sides is one conflict")
    func sameLineChangedDifferentlyConflicts() {
        let ours = Self.base(replacing: [2: "Summarize it in detail."])
        let theirs = Self.base(replacing: [2: "Summarize it in one line."])
        let result = ThreeWayMerge.merge(base: Self.base, ours: ours, theirs: theirs)
        #expect(result.conflicts == [MergeConflict(
            base: ["Summarize it."], ours: ["Summarize it in detail."], theirs: ["Summarize it in one line."])])
        #expect(result.chunks == [
            .resolved(Array(Self.base[0...1])),
            .conflict(result.conflicts[0]),
            .resolved(Array(Self.base[3...4])),
        ])
        #expect(result.hasConflicts)
    }

    @Test("The same change on both sides is taken once, without conflict")
    func identicalChangesMergeCleanly() {
        var edited = Self.base(replacing: [1: "Read the whole scene."])
        edited.append("Answer in prose.")
        let result = ThreeWayMerge.merge(base: Self.base, ours: edited, theirs: edited)
        #expect(result == MergeResult(chunks: [.resolved(edited)]))
    }

    @Test("Different insertions at the same place conflict")
    func differentInsertionsAtSamePlaceConflict() {
        var ours = Self.base
        ours.insert("Mention the weather.", at: 2)
        var theirs = Self.base
        theirs.insert("Mention the time of day.", at: 2)
        let result = ThreeWayMerge.merge(base: Self.base, ours: ours, theirs: theirs)
        #expect(result.conflicts == [MergeConflict(
            base: [], ours: ["Mention the weather."], theirs: ["Mention the time of day."])])
    }

    @Test("Changes to adjacent lines conflict, because they touch the same region")
    func adjacentChangesConflict() {
        let ours = Self.base(replacing: [1: "Read the scene twice."])
        let theirs = Self.base(replacing: [2: "Summarize it briefly."])
        let result = ThreeWayMerge.merge(base: Self.base, ours: ours, theirs: theirs)
        #expect(result.conflicts == [MergeConflict(
            base: ["Read the scene.", "Summarize it."],
            ours: ["Read the scene twice.", "Summarize it."],
            theirs: ["Read the scene.", "Summarize it briefly."])])
    }

    @Test("A line deleted on one side and changed on the other conflicts")
    func deleteAgainstChangeConflicts() {
        var ours = Self.base
        ours.remove(at: 3)
        let theirs = Self.base(replacing: [3: "Be very brief."])
        let result = ThreeWayMerge.merge(base: Self.base, ours: ours, theirs: theirs)
        #expect(result.conflicts == [MergeConflict(base: ["Be brief."], ours: [], theirs: ["Be very brief."])])
    }

    @Test("Resolving conflicts picks the chosen side's lines", arguments: [
        (MergeChoice.ours, "a\nmine\nc"),
        (MergeChoice.theirs, "a\ndefault 1\ndefault 2\nc"),
    ])
    func resolvingConflictsPicksSide(choice: MergeChoice, expected: String) {
        let result = ThreeWayMerge.merge(base: "a\nb\nc", ours: "a\nmine\nc", theirs: "a\ndefault 1\ndefault 2\nc")
        #expect(result.text(resolvingConflictsWith: choice) == expected)
    }

    @Test("Markers surround each conflict with mine, base and default sections")
    func textWithMarkers() {
        let result = ThreeWayMerge.merge(base: "a\nb\nc\n", ours: "a\nmine\nc\n", theirs: "a\ndefault\nc\n")
        #expect(result.textWithMarkers == """
            a
            <<<<<<< mine
            mine
            ||||||| base
            b
            =======
            default
            >>>>>>> default
            c
            """)
    }

    @Test("Markers around an insertion conflict leave the base section empty")
    func textWithMarkersForInsertions() {
        let result = ThreeWayMerge.merge(base: ["a"], ours: ["a", "x"], theirs: ["a", "y"])
        #expect(result.textWithMarkers == "a\n<<<<<<< mine\nx\n||||||| base\n=======\ny\n>>>>>>> default")
    }

    @Test("A merge without conflicts reads the same whichever side is chosen", arguments: MergeChoice.allCases)
    func cleanMergeIgnoresChoice(choice: MergeChoice) {
        let result = ThreeWayMerge.merge(base: "a\nb\nc\nd\ne", ours: "A\nb\nc\nd\ne", theirs: "a\nb\nc\nd\nE")
        #expect(result.text(resolvingConflictsWith: choice) == "A\nb\nc\nd\nE")
        #expect(result.textWithMarkers == "A\nb\nc\nd\nE")
    }

    @Test("Random edits on one side merge to exactly that side")
    func randomOneSidedEditsMergeToThatSide() {
        var generator = XorshiftRandomNumberGenerator(seed: 7)
        for _ in 0..<200 {
            let base = makeRandomLines(count: Int.random(in: 0...30, using: &generator), alphabetSize: 6, using: &generator)
            let edited = makeRandomLines(count: Int.random(in: 0...30, using: &generator), alphabetSize: 6, using: &generator)
            #expect(ThreeWayMerge.merge(base: base, ours: edited, theirs: base).text(resolvingConflictsWith: .theirs)
                == edited.joined(separator: "\n"))
            #expect(ThreeWayMerge.merge(base: base, ours: base, theirs: edited).text(resolvingConflictsWith: .ours)
                == edited.joined(separator: "\n"))
            #expect(!ThreeWayMerge.merge(base: base, ours: edited, theirs: edited).hasConflicts)
        }
    }

    @Test("A 20,000-line prompt merges both sides' separate edits")
    func largeInputMerges() {
        let base = (0..<20_000).map { "line \($0)" }
        var ours = base
        ours[100] = "ours changed 100"
        ours[10_000] = "ours changed 10000"
        ours.remove(at: 15_000)
        var theirs = base
        theirs[5_000] = "theirs changed 5000"
        theirs.insert("theirs inserted", at: 19_999)
        theirs[0] = "theirs changed 0"

        var expected = base
        expected[0] = "theirs changed 0"
        expected[100] = "ours changed 100"
        expected[5_000] = "theirs changed 5000"
        expected[10_000] = "ours changed 10000"
        expected.insert("theirs inserted", at: 19_999)
        expected.remove(at: 15_000)

        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(!result.hasConflicts)
        #expect(result.text(resolvingConflictsWith: .ours) == expected.joined(separator: "\n"))
    }
}
