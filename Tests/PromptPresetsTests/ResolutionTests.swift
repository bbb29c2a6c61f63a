import Foundation
import Testing
@testable import PromptPresets

/// One row of the priority table: which scopes of the context are bound, and what wins.
struct PriorityCase: Sendable, CustomTestStringConvertible {
    var chatBound: Bool
    var characterBound: Bool
    var profileBound: Bool
    /// `true`: the context names the profile `Work`; `false`: it names none, so `Default` applies.
    var namesProfile: Bool
    var preset: String
    var source: ResolutionSource

    var testDescription: String {
        "chat \(chatBound ? "bound" : "-"), character \(characterBound ? "bound" : "-"), "
            + "profile \(profileBound ? "bound" : "-"), \(namesProfile ? "profile Work" : "no profile") → \(preset) (\(source))"
    }
}

@Suite("Resolution")
struct ResolutionTests {
    static let priorityTable: [PriorityCase] = [
        // chat   character profile namesProfile  expected
        PriorityCase(chatBound: false, characterBound: false, profileBound: false, namesProfile: false, preset: "Default", source: .default),
        PriorityCase(chatBound: false, characterBound: false, profileBound: false, namesProfile: true, preset: "Default", source: .default),
        PriorityCase(chatBound: false, characterBound: false, profileBound: true, namesProfile: false, preset: "ProfilePreset", source: .profile),
        PriorityCase(chatBound: false, characterBound: false, profileBound: true, namesProfile: true, preset: "ProfilePreset", source: .profile),
        PriorityCase(chatBound: false, characterBound: true, profileBound: false, namesProfile: false, preset: "CharacterPreset", source: .character),
        PriorityCase(chatBound: false, characterBound: true, profileBound: false, namesProfile: true, preset: "CharacterPreset", source: .character),
        PriorityCase(chatBound: false, characterBound: true, profileBound: true, namesProfile: false, preset: "CharacterPreset", source: .character),
        PriorityCase(chatBound: false, characterBound: true, profileBound: true, namesProfile: true, preset: "CharacterPreset", source: .character),
        PriorityCase(chatBound: true, characterBound: false, profileBound: false, namesProfile: false, preset: "ChatPreset", source: .chat),
        PriorityCase(chatBound: true, characterBound: false, profileBound: false, namesProfile: true, preset: "ChatPreset", source: .chat),
        PriorityCase(chatBound: true, characterBound: false, profileBound: true, namesProfile: false, preset: "ChatPreset", source: .chat),
        PriorityCase(chatBound: true, characterBound: false, profileBound: true, namesProfile: true, preset: "ChatPreset", source: .chat),
        PriorityCase(chatBound: true, characterBound: true, profileBound: false, namesProfile: false, preset: "ChatPreset", source: .chat),
        PriorityCase(chatBound: true, characterBound: true, profileBound: false, namesProfile: true, preset: "ChatPreset", source: .chat),
        PriorityCase(chatBound: true, characterBound: true, profileBound: true, namesProfile: false, preset: "ChatPreset", source: .chat),
        PriorityCase(chatBound: true, characterBound: true, profileBound: true, namesProfile: true, preset: "ChatPreset", source: .chat),
    ]

    /// Each preset points `recap` at its own version, so the config tells them apart too.
    static func prioritySnapshot(_ row: PriorityCase) -> Snapshot {
        let names = ["ChatPreset", "CharacterPreset", "ProfilePreset", "Decoy"]
        let artifacts = names.enumerated().map { index, name in
            Fixture.artifact("a-\(name)", "\(name) recap", number: index + 1,
                             config: Fixture.promptConfig("Prompt of \(name) {{messages}}"), basedOn: Fixture.v1_2_0)
        }
        let presets = names.map { Fixture.preset("p-\($0)", $0, operations: ["recap": ArtifactID("a-\($0)")]) }
        let usedProfile = row.namesProfile ? "Work" : Context.defaultProfile
        let otherProfile = row.namesProfile ? Context.defaultProfile : "Work"
        // Decoys: bindings of scopes the context does not name must never matter.
        var bindings = Bindings(
            chats: ["other-chat": PresetID("p-Decoy")],
            characters: ["bob": PresetID("p-Decoy")],
            profiles: [otherProfile: PresetID("p-Decoy")])
        if row.chatBound { bindings[.chat("c1")] = PresetID("p-ChatPreset") }
        if row.characterBound { bindings[.character("alice")] = PresetID("p-CharacterPreset") }
        if row.profileBound { bindings[.profile(usedProfile)] = PresetID("p-ProfilePreset") }
        return Snapshot(catalog: Fixture.catalog(), artifacts: artifacts, presets: presets, bindings: bindings)
    }

    @Test("Resolution priority: chat, then character, then the context's profile, then Default", arguments: priorityTable)
    func priority(_ row: PriorityCase) throws {
        let snapshot = Self.prioritySnapshot(row)
        let context = Context(chat: "c1", character: "alice", profile: row.namesProfile ? "Work" : nil)

        let resolution = try snapshot.resolve("recap", in: context)

        #expect(resolution.preset == row.preset)
        #expect(resolution.source == row.source)
        #expect(resolution.warnings.isEmpty)
        if row.preset == "Default" {
            #expect(resolution.isDefault)
            #expect(resolution.config == Fixture.currentDefault("recap"))
        } else {
            #expect(resolution.config.promptText == "Prompt of \(row.preset) {{messages}}")
            #expect(resolution.artifact?.name == "\(row.preset) recap")
        }
    }

    @Test("A context without chat or character uses the Default profile's preset")
    func contextWithoutChat() throws {
        let snapshot = Self.prioritySnapshot(
            PriorityCase(chatBound: true, characterBound: true, profileBound: true, namesProfile: false, preset: "", source: .default))
        let resolution = try snapshot.resolve("recap", in: Context())
        #expect(resolution.preset == "ProfilePreset")
        #expect(resolution.source == .profile)
    }

    enum DanglingLevel: String, Sendable, CaseIterable { case chat, character, profile }

    @Test("A binding to a deleted preset is skipped with a warning naming its scope", arguments: DanglingLevel.allCases)
    func danglingBinding(_ level: DanglingLevel) throws {
        let gone = PresetID("gone")
        let presets = [Fixture.preset("p-char", "CharacterPreset"), Fixture.preset("p-prof", "ProfilePreset")]
        let bindings: Bindings
        let expectedPreset: String
        let expectedSource: ResolutionSource
        let expectedScope: String
        switch level {
        case .chat:
            bindings = Bindings(chats: ["c": gone], characters: ["alice": PresetID("p-char")])
            (expectedPreset, expectedSource, expectedScope) = ("CharacterPreset", .character, "Chat 'c'")
        case .character:
            bindings = Bindings(characters: ["alice": gone], profiles: ["Work": PresetID("p-prof")])
            (expectedPreset, expectedSource, expectedScope) = ("ProfilePreset", .profile, "Character 'alice'")
        case .profile:
            bindings = Bindings(profiles: ["Work": gone])
            (expectedPreset, expectedSource, expectedScope) = ("Default", .default, "Profile 'Work'")
        }
        let snapshot = Snapshot(catalog: Fixture.catalog(), presets: presets, bindings: bindings)

        let resolution = try snapshot.resolve("recap", in: Context(chat: "c", character: "alice", profile: "Work"))

        #expect(resolution.preset == expectedPreset)
        #expect(resolution.source == expectedSource)
        #expect(resolution.warnings.count == 1)
        #expect(resolution.warnings.first?.contains(expectedScope) == true, "\(resolution.warnings)")
        // Every operation reports the skipped binding, not just the first.
        #expect(snapshot.resolveAll(in: Context(chat: "c", character: "alice", profile: "Work"))
            .allSatisfy { $0.warnings == resolution.warnings })
    }

    @Test("Dangling bindings at every level all fall through to Default, each reported")
    func danglingEverywhere() throws {
        let gone = PresetID("gone")
        let snapshot = Snapshot(catalog: Fixture.catalog(),
                                bindings: Bindings(chats: ["c": gone], characters: ["alice": gone], profiles: ["Default": gone]))
        let resolution = try snapshot.resolve("recap", in: Context(chat: "c", character: "alice"))
        #expect(resolution.preset == "Default")
        #expect(resolution.source == .default)
        try #require(resolution.warnings.count == 3)
        #expect(resolution.warnings[0].contains("Chat 'c'"))
        #expect(resolution.warnings[1].contains("Character 'alice'"))
        #expect(resolution.warnings[2].contains("Profile 'Default'"))
    }

    @Test("An entry pointing at a missing version resolves to the current default with a warning")
    func missingArtifact() throws {
        let snapshot = Snapshot(
            catalog: Fixture.catalog(),
            presets: [Fixture.preset("p", "Mine", operations: ["recap": ArtifactID("vanished")])],
            bindings: Bindings(chats: ["c": PresetID("p")]))

        let resolution = try snapshot.resolve("recap", in: Context(chat: "c"))

        #expect(resolution.preset == "Mine")
        #expect(resolution.source == .chat)
        #expect(resolution.isDefault)
        #expect(resolution.artifact == nil)
        #expect(resolution.config == Fixture.currentDefault("recap"))
        #expect(resolution.update == nil)
        #expect(resolution.warnings.count == 1)
        #expect(resolution.warnings.first?.contains("Mine") == true)
        #expect(resolution.warnings.first?.contains("recap") == true)
    }

    @Test("An entry pointing at another operation's version is treated as missing: default plus a warning")
    func entryOfOtherOperation() throws {
        let recapVersion = Fixture.artifact("a1", "v1", number: 1, config: Fixture.promptConfig("Recap! {{messages}}"),
                                            basedOn: Fixture.v1_2_0)
        let snapshot = Snapshot(
            catalog: Fixture.catalog(), artifacts: [recapVersion],
            presets: [Fixture.preset("p", "Mine", operations: ["breaks": recapVersion.id])],
            bindings: Bindings(chats: ["c": PresetID("p")]))

        let resolution = try snapshot.resolve("breaks", in: Context(chat: "c"))

        #expect(resolution.config == Fixture.currentDefault("breaks"), "breaks resolved to a recap prompt")
        #expect(resolution.isDefault)
        #expect(resolution.warnings.count == 1)
    }

    @Test("An operation missing from the preset uses the current default")
    func missingEntry() throws {
        let snapshot = Snapshot(
            catalog: Fixture.catalog(), presets: [Fixture.preset("p", "Mine")], bindings: Bindings(chats: ["c": PresetID("p")]))

        let resolution = try snapshot.resolve("breaks", in: Context(chat: "c"))

        #expect(resolution.preset == "Mine")
        #expect(resolution.isDefault)
        #expect(resolution.artifact == nil)
        #expect(resolution.defaultVersion == Fixture.v1_1_0)
        #expect(resolution.config == Fixture.currentDefault("breaks"))
        #expect(resolution.warnings.isEmpty)
    }

    @Test("resolveAll gives every catalog operation in catalog order")
    func resolveAll() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let version = try harness.editPrompt(of: preset.id, replacing: "Write in the past tense", with: "Write tersely")
        try harness.run { try $0.bind(.profile("Default"), to: preset.id, $1) }

        let all = harness.snapshot.resolveAll(in: Context())

        #expect(all.map(\.operation) == ["recap", "breaks", "types"])
        #expect(all.map(\.isDefault) == [false, true, true])
        #expect(all[0].artifact == ArtifactReference(name: version.name, number: version.number))
        #expect(all.allSatisfy { $0.preset == "Mine" && $0.source == .profile })
    }

    @Test("Resolving an unknown operation names the valid ones")
    func unknownOperation() {
        let snapshot = Snapshot(catalog: Fixture.catalog())
        #expect(throws: PresetError.unknownOperation("recapp", valid: ["recap", "breaks", "types"])) {
            try snapshot.resolve("recapp", in: Context())
        }
    }

    @Test("A resolution is a copy: changing its config changes nothing for the next resolution")
    func resolutionIsCopy() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        try harness.editPrompt(of: preset.id, replacing: "Write in the past tense", with: "Write tersely")
        try harness.run { try $0.bind(.chat("c"), to: preset.id, $1) }

        for context in [Context(chat: "c"), Context()] {
            var first = try harness.resolve(in: context)
            let original = first.config
            first.config["prompt"] = .string("leaked")
            first.config["include_preset_prompts"] = .bool(true)

            let second = try harness.resolve(in: context)
            #expect(second.config == original)
            #expect(second.config.promptText != "leaked")
        }
        #expect(harness.snapshot.catalog["recap"]?.current.config == Fixture.currentDefault("recap"))
    }

    @Test("Update info: offered for an older base, gone after dismissal, back when a newer default ships")
    func updateInfoLifecycle() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let old = try harness.duplicate("Default@1.0.0")
        try harness.point(preset.id, at: old.id)

        let update = try #require(try harness.resolve(presetNamed: "Mine").update)
        #expect(update.from == Fixture.v1_0_0)
        #expect(update.to == Fixture.v1_2_0)
        #expect(update.changelog == ["1.1.0: Asks for a single paragraph.", "1.2.0: Asks for the third person.", "1.2.0: Clarifies tense."])

        try harness.run { try $0.dismissUpdate("recap", in: preset.id, $1) }
        #expect(try harness.resolve(presetNamed: "Mine").update == nil)

        // Same stored data, a catalog that ships 1.3.0.
        try harness.switchCatalog(to: Fixture.catalog(recapThrough: Fixture.v1_3_0))
        let newer = try #require(try harness.resolve(presetNamed: "Mine").update)
        #expect(newer.from == Fixture.v1_0_0)
        #expect(newer.to == Fixture.v1_3_0)
        #expect(newer.changelog.last == "1.3.0: Keeps place names too.")
    }

    @Test("A version forked from the current default has no update")
    func noUpdateForCurrentBase() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        try harness.editPrompt(of: preset.id, replacing: "Write in the past tense", with: "Write tersely")
        let resolution = try harness.resolve(presetNamed: "Mine")
        #expect(!resolution.isDefault)
        #expect(resolution.update == nil)
    }

    @Test("Binding: replace, clear, and refusals")
    func bindingCommands() throws {
        let harness = Harness()
        let first = try harness.createPreset("First")
        let second = try harness.createPreset("Second")
        try harness.run { try $0.bind(.character("alice"), to: first.id, $1) }
        try harness.run { try $0.bind(.character(" alice "), to: second.id, $1) }
        #expect(try harness.resolve(in: Context(character: "alice")).preset == "Second")

        let cleared = try harness.run { try $0.unbind(.character("alice"), $1) }
        #expect(cleared.preset == second.id)
        #expect(try harness.resolve(in: Context(character: "alice")).source == .default)

        #expect(throws: PresetError.bindingNotFound("character 'alice'")) {
            try harness.run { try $0.unbind(.character("alice"), $1) }
        }
        #expect(throws: PresetError.presetNotFound("nope", suggestion: nil)) {
            try harness.run { try $0.bind(.chat("c"), to: PresetID("nope"), $1) }
        }
        let error = #expect(throws: PresetError.self) { try harness.run { try $0.bind(.chat("  "), to: first.id, $1) } }
        guard case .invalidName = error else { Issue.record("expected invalidName, got \(String(describing: error))"); return }

        // Default itself can be pinned: a chat can opt out of a profile's preset.
        try harness.run { try $0.bind(.profile("Default"), to: first.id, $1) }
        try harness.run { try $0.bind(.chat("c"), to: .default, $1) }
        let resolution = try harness.resolve(in: Context(chat: "c"))
        #expect(resolution.preset == "Default")
        #expect(resolution.source == .chat)
        try harness.expectStoreMatches()
    }
}
