import Foundation
import Testing
@testable import PromptPresets

struct InvalidNameCase: Sendable, CustomTestStringConvertible {
    var name: String
    var isReserved: Bool
    var testDescription: String { name.debugDescription.count > 40 ? "\(name.count) characters" : name.debugDescription }
}

@Suite("Naming")
struct NamingTests {
    @Test("Names are NFC-normalised: a decomposed é and a composed one name the same preset")
    func normalisedNames() throws {
        #expect(try Naming.validated("Cafe\u{301}") == "Caf\u{E9}")
        #expect(try Naming.validated("Cafe\u{301}").unicodeScalars.count == 4)
        let harness = Harness()
        _ = try harness.createPreset("Cafe\u{301}")
        #expect(throws: PresetError.presetNameTaken("Caf\u{E9}")) { try harness.createPreset("Caf\u{E9}") }
    }

    @Test("A name of few characters but megabytes of combining marks is refused by its UTF-8 size")
    func byteLimit() {
        let heavy = "A" + String(repeating: "\u{301}\u{302}", count: 300)
        #expect(heavy.count == 1)
        #expect(throws: PresetError.self) { try Naming.validated(heavy) }
        #expect(throws: Never.self) { try Naming.validated(String(repeating: "é", count: 120)) }
    }

    @Test("Look-alikes of an existing name are found; different names are not", arguments: [
        ("Mine", "\u{41C}ine", true), ("Alice", "\u{410}lice", true), ("Bob  RP", "Bob RP", true), ("ﬁre", "fire", true),
        ("Mine", "Mine 2", false), ("Café", "Cafe", false), ("alice", "Alice", false),
    ])
    func lookAlikes(existing: String, candidate: String, found: Bool) {
        #expect((Naming.lookAlike(of: candidate, among: [existing]) == existing) == found)
    }

    @Test("Version names: v<N> without a label, <label> v<N> with one",
          arguments: [(nil as String?, 3, "v3"), ("", 1, "v1"), ("Alice recap", 3, "Alice recap v3"), ("Bob", 12, "Bob v12")])
    func versionName(label: String?, number: Int, expected: String) {
        #expect(Naming.versionName(label: label, number: number) == expected)
    }

    @Test("Edits of an unlabelled version are named v<N>, N the next number")
    func unlabelledEdits() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let first = try harness.editPrompt(of: preset.id, replacing: "Write in the past tense", with: "Write tersely")
        let second = try harness.editPrompt(of: preset.id, replacing: "Write tersely", with: "Write briefly")
        #expect(first.name == "v1")
        #expect(first.number == 1)
        #expect(second.name == "v2")
        #expect(second.number == 2)
    }

    @Test("After renaming v2 to 'Alice recap', the next edit is 'Alice recap v3', and the one after 'Alice recap v4'")
    func renameSetsLabel() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        try harness.editPrompt(of: preset.id, replacing: "Write in the past tense", with: "Write tersely")
        let v2 = try harness.editPrompt(of: preset.id, replacing: "Write tersely", with: "Write briefly")

        let renamed = try harness.run { try $0.renameArtifact(v2.id, to: "  Alice recap ", $1) }
        #expect(renamed.name == "Alice recap")
        #expect(renamed.label == "Alice recap")
        #expect(renamed.config == v2.config)

        let v3 = try harness.editPrompt(of: preset.id, replacing: "Write briefly", with: "Write vividly")
        #expect(v3.name == "Alice recap v3")
        let v4 = try harness.editPrompt(of: preset.id, replacing: "Write vividly", with: "Write calmly")
        #expect(v4.name == "Alice recap v4")
        try harness.expectStoreMatches()
    }

    @Test("A generated name already taken gets ' (2)', then ' (3)'")
    func collisions() throws {
        let harness = Harness()
        let a = try harness.duplicate("Default")  // v1
        try harness.run { try $0.renameArtifact(a.id, to: "v2", $1) }
        let b = try harness.duplicate("Default")  // number 2, 'v2' taken
        #expect(b.number == 2)
        #expect(b.name == "v2 (2)")

        try harness.run { try $0.renameArtifact(a.id, to: "v3", $1) }
        try harness.run { try $0.renameArtifact(b.id, to: "v3 (2)", $1) }
        let c = try harness.duplicate("Default")  // number 3, 'v3' and 'v3 (2)' taken
        #expect(c.number == 3)
        #expect(c.name == "v3 (3)")
        try harness.expectStoreMatches()
    }

    @Test("Numbers are never reused after a delete, even across a reload from the store")
    func numbersNeverReused() throws {
        let harness = Harness()
        try harness.duplicate("Default")
        try harness.duplicate("Default")
        let third = try harness.duplicate("Default")
        #expect(third.number == 3)
        try harness.run { try $0.deleteArtifact(third.id, $1) }

        let next = try harness.duplicate("Default")
        #expect(next.number == 4)
        #expect(next.name == "v4")

        try harness.run { try $0.deleteArtifact(next.id, $1) }
        try harness.switchCatalog(to: Fixture.catalog())  // reload from the store
        #expect(try harness.duplicate("Default").number == 5)
    }

    @Test("Numbers are counted per operation")
    func numbersPerOperation() throws {
        let harness = Harness()
        try harness.duplicate("Default", of: "recap")
        try harness.duplicate("Default", of: "recap")
        let breaks = try harness.duplicate("Default", of: "breaks")
        #expect(breaks.number == 1)
        #expect(breaks.name == "v1")
    }

    @Test("Names are trimmed", arguments: ["  Alice", "Alice  ", "\tAlice\n", " Alice "])
    func trimmed(_ raw: String) throws {
        #expect(try Naming.validated(raw) == "Alice")
        let harness = Harness()
        #expect(try harness.createPreset(raw).name == "Alice")
        let version = try harness.duplicate("Default")
        #expect(try harness.run { try $0.renameArtifact(version.id, to: raw, $1) }.name == "Alice")
    }

    static let invalidNames: [InvalidNameCase] = [
        InvalidNameCase(name: "", isReserved: false),
        InvalidNameCase(name: "   ", isReserved: false),
        InvalidNameCase(name: String(repeating: "x", count: 121), isReserved: false),
        InvalidNameCase(name: "bell\u{07}name", isReserved: false),
        InvalidNameCase(name: "two\nlines", isReserved: false),
        InvalidNameCase(name: "tab\there", isReserved: false),
        InvalidNameCase(name: "Default", isReserved: true),
        InvalidNameCase(name: "default", isReserved: true),
        InvalidNameCase(name: " DEFAULT ", isReserved: true),
        InvalidNameCase(name: "Default@1.0.0", isReserved: true),
    ]

    @Test("Invalid and reserved names are refused for presets and versions", arguments: invalidNames)
    func refused(_ row: InvalidNameCase) throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let version = try harness.duplicate("Default")
        let before = harness.snapshot

        let attempts: [() throws -> Void] = [
            { try harness.run { try $0.createPreset(named: row.name, $1) } },
            { try harness.run { try $0.renamePreset(preset.id, to: row.name, $1) } },
            { try harness.run { try $0.duplicatePreset(preset.id, as: row.name, $1) } },
            { try harness.run { try $0.renameArtifact(version.id, to: row.name, $1) } },
        ]
        for attempt in attempts {
            let error = #expect(throws: PresetError.self) { try attempt() }
            switch error {
            case .reservedName?: #expect(row.isReserved)
            case .invalidName?: #expect(!row.isReserved)
            default: Issue.record("expected invalidName or reservedName, got \(String(describing: error))")
            }
        }
        #expect(harness.snapshot == before)
        try harness.expectStoreMatches()
    }

    @Test("Exactly 120 characters is allowed")
    func longestName() throws {
        let name = String(repeating: "é", count: 120)
        #expect(try Naming.validated(name) == name)
    }

    @Test("Reserved-name error names the reserved word")
    func reservedMessage() {
        #expect(throws: PresetError.reservedName("default")) { try Naming.validated("default") }
        #expect(PresetError.reservedName("Default").description == "The name 'Default' is reserved for the built-in default.")
    }

    @Test("Duplicating a preset without a name gives 'Copy of X', then 'Copy of X (2)', 'Copy of X (3)'")
    func copyNames() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Work")
        let names = try (1...3).map { _ in try harness.run { try $0.duplicatePreset(preset.id, $1) }.name }
        #expect(names == ["Copy of Work", "Copy of Work (2)", "Copy of Work (3)"])
        let ofDefault = try harness.run { try $0.duplicatePreset(.default, $1) }
        #expect(ofDefault.name == "Copy of Default")
        #expect(ofDefault.description.isEmpty, "a copy of Default is not the catalog's defaults any more")
    }

    @Test("Generated preset names stay within 120 characters")
    func generatedPresetNameLength() throws {
        let harness = Harness()
        let long = String(repeating: "p", count: 120)
        let preset = try harness.createPreset(long)
        let first = try harness.run { try $0.duplicatePreset(preset.id, $1) }
        let second = try harness.run { try $0.duplicatePreset(preset.id, $1) }
        for name in [first.name, second.name] {
            #expect(name.count <= Naming.maxLength, "\(name.count) characters")
            #expect((try? Naming.validated(name)) == name)
        }
        #expect(first.name != second.name)
    }

    @Test("Generated version names stay within 120 characters")
    func generatedVersionNameLength() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Work")
        let v1 = try harness.editPrompt(of: preset.id, replacing: "Write in the past tense", with: "Write tersely")
        try harness.run { try $0.renameArtifact(v1.id, to: String(repeating: "l", count: 120), $1) }
        let v2 = try harness.editPrompt(of: preset.id, replacing: "Write tersely", with: "Write briefly")
        let v3 = try harness.duplicate(v2.name)
        for name in [v2.name, v3.name] {
            #expect(name.count <= Naming.maxLength, "\(name.count) characters")
            #expect((try? Naming.validated(name)) == name)
        }
        // The generated name can be renamed to itself, as any valid name can.
        try harness.run { try $0.renameArtifact(v2.id, to: v2.name, $1) }
    }

    @Test("Preset and version names must be unique")
    func uniqueness() throws {
        let harness = Harness()
        try harness.createPreset("Work")
        #expect(throws: PresetError.presetNameTaken("Work")) { try harness.createPreset(" Work ") }
        let a = try harness.duplicate("Default")
        let b = try harness.duplicate("Default")
        #expect(throws: PresetError.artifactNameTaken(operation: "recap", name: a.name)) {
            try harness.run { try $0.renameArtifact(b.id, to: a.name, $1) }
        }
        // A version of another operation may share the name.
        let other = try harness.duplicate("Default", of: "breaks")
        #expect(try harness.run { try $0.renameArtifact(other.id, to: a.name, $1) }.name == a.name)
    }
}
