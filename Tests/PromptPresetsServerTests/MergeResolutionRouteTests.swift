import Foundation
import Hummingbird
import HummingbirdTesting
import PromptPresets
import PromptPresetsCatalogs
@testable import PromptPresetsServer
import Testing

/// The scene recap lines the two conflict regions of `seedTwoConflictRegions` are about.
enum ConflictLines {
    static let namesBase = "- Keep names, places and objects exactly as written."
    static let namesMine = "- Keep names exactly as written."
    static let namesTheirs = "- Keep names, places and objects exactly as written; give each character's full name on first mention."
    static let entryMine = #"    {"type": "one of the entity types", "name": "the name the scene uses", "keywords": ["words that should trigger this entry"], "content": "what the scene established about it"}"#
    static let entryTheirs = #"    {"type": "one of the entity types", "name": "the entity's full name", "keywords": ["words that should trigger this entry"], "content": "what the scene established about it"}"#
    static let entryBase = entryTheirs.replacingOccurrences(of: "the entity's full name", with: "entity name")
    static let edited = #"    {"type": "one of the entity types", "name": "the full name", "keywords": ["names and nicknames"], "content": "what is new"}"#
}

/// Seeds preset `p-old` whose scene_recap, based on 1.0.0, changed two lines the current default changed too:
/// two conflict regions in `prompt`, nothing else in conflict.
func seedTwoConflictRegions(_ store: InMemoryStore) throws {
    try seedTwoConflictRegions(namesLine: ConflictLines.namesMine)(store)
}

/// `seedTwoConflictRegions` with another line of mine in the first region.
func seedTwoConflictRegions(namesLine: String) -> (InMemoryStore) throws -> Void {
    { store in
        let oldest = Catalog.autoRecap["scene_recap"]!.history[0]
        let prompt = try #require(oldest.config["prompt"]?.stringValue)
        #expect(prompt.contains(ConflictLines.namesBase) && prompt.contains(ConflictLines.entryBase))
        var config = oldest.config
        config["prompt"] = .string(prompt
            .replacingOccurrences(of: ConflictLines.namesBase, with: namesLine)
            .replacingOccurrences(of: ConflictLines.entryBase, with: ConflictLines.entryMine))
        try seedVersion(config, basedOn: oldest.version, in: store)
    }
}

/// Seeds preset `p-old` whose scene_recap came from an unknown base with `include_preset_prompts` on:
/// the whole prompt is one conflict region and the flag is a value conflict.
func seedValueConflict(_ store: InMemoryStore) throws {
    var config = Catalog.autoRecap["scene_recap"]!.history[0].config
    config["include_preset_prompts"] = .bool(true)
    try seedVersion(config, basedOn: nil, in: store)
}

private func seedVersion(_ config: Config, basedOn: SemanticVersion?, in store: InMemoryStore) throws {
    let date = Date(timeIntervalSince1970: 1_700_000_000)
    let artifact = Artifact(
        id: ArtifactID("old-art"), operation: "scene_recap", name: "v1", number: 1, config: config,
        basedOn: basedOn, parent: basedOn.map { .default($0) } ?? .none, origin: .edit, createdAt: date, modifiedAt: date)
    let preset = Preset(id: PresetID("p-old"), name: "Old", operations: ["scene_recap": artifact.id], createdAt: date, modifiedAt: date)
    try store.apply([.setCounter(operation: "scene_recap", value: 1), .insertArtifact(artifact), .insertPreset(preset)], basedOn: .empty)
}

@Suite struct MergeResolutionRouteTests {
    static let mergePath = "/api/v1/updates/p-old/scene_recap/merge"
    static var currentPrompt: String { Catalog.autoRecap["scene_recap"]!.current.config["prompt"]!.stringValue! }

    @Test func thePreviewNumbersEachConflictRegionWithItsThreeSides() async throws {
        try await TestServer(seed: seedTwoConflictRegions).test { client in
            let preview = try await client.send(.get, Self.mergePath)
            #expect(preview.status == .ok)
            let conflicts = try #require(preview.json["conflicts"]?.arrayValue)
            #expect(conflicts.map { $0["field"] } == [.string("prompt")])
            #expect(conflicts[0]["kind"] == .string("text"))
            #expect(conflicts[0]["regions"] == .array([
                .object(["field": "prompt", "index": .int(0), "base": .string(ConflictLines.namesBase),
                         "mine": .string(ConflictLines.namesMine), "theirs": .string(ConflictLines.namesTheirs)]),
                .object(["field": "prompt", "index": .int(1), "base": .string(ConflictLines.entryBase),
                         "mine": .string(ConflictLines.entryMine), "theirs": .string(ConflictLines.entryTheirs)]),
            ]))
        }
    }

    @Test func eachRegionIsSettledAsTheResolutionsSay() async throws {
        let server = try await TestServer(seed: seedTwoConflictRegions)
        try await server.test { client in
            let merged = try await client.send(.post, Self.mergePath, json: .object(["resolutions": .object([
                "prompt": .array([.object(["take": "theirs"]), .object(["text": .string(ConflictLines.edited)])]),
            ])]))
            #expect(merged.status == .created, "\(merged.text)")
            let expected = Self.currentPrompt.replacingOccurrences(of: ConflictLines.entryTheirs, with: ConflictLines.edited)
            #expect(expected != Self.currentPrompt)
            #expect(merged.json["config"]?["prompt"] == .string(expected))
            #expect(merged.json["origin"] == .string("merge"))
            let list = try await client.send(.get, "/api/v1/updates")
            #expect(list.json == .array([]))
        }
        let stored = try server.stored()
        #expect(stored.presets[PresetID("p-old")].flatMap { $0.operations["scene_recap"] }
            .flatMap { stored.artifacts[$0]?.config["prompt"] } == .string(
                Self.currentPrompt.replacingOccurrences(of: ConflictLines.entryTheirs, with: ConflictLines.edited)))
    }

    @Test func mineForOneRegionAndPreferForTheRestOfTheFieldsStillWork() async throws {
        try await TestServer(seed: seedTwoConflictRegions).test { client in
            let merged = try await client.send(.post, Self.mergePath, json: .object(["prefer": "theirs", "resolutions": .object([
                "prompt": .array([.object(["take": "mine"]), .object(["take": "theirs"])]),
            ])]))
            #expect(merged.status == .created)
            #expect(merged.json["config"]?["prompt"] == .string(
                Self.currentPrompt.replacingOccurrences(of: ConflictLines.namesTheirs, with: ConflictLines.namesMine)))
        }
        try await TestServer(seed: seedTwoConflictRegions).test { client in
            let unsettled = try await client.send(.post, Self.mergePath, json: .object(["resolutions": .object([:])]))
            #expect(unsettled.status == .conflict)
            #expect(unsettled.json["message"]?.stringValue?.contains("prompt") == true)
        }
    }

    @Test func aValueConflictIsSettledForTheWholeField() async throws {
        try await TestServer(seed: seedValueConflict).test { client in
            let preview = try await client.send(.get, Self.mergePath)
            let conflicts = try #require(preview.json["conflicts"]?.arrayValue)
            #expect(conflicts.map { $0["field"] } == [.string("prompt"), .string("include_preset_prompts")])
            #expect(conflicts[1]["kind"] == .string("value"))
            #expect(conflicts[1]["regions"] == .array([]))
            #expect(conflicts[0]["regions"]?.arrayValue?.count == 1)

            let merged = try await client.send(.post, Self.mergePath, json: .object(["resolutions": .object([
                "prompt": .array([.object(["take": "theirs"])]),
                "include_preset_prompts": .object(["take": "mine"]),
            ])]))
            #expect(merged.status == .created, "\(merged.text)")
            #expect(merged.json["config"]?["prompt"] == .string(Self.currentPrompt))
            #expect(merged.json["config"]?["include_preset_prompts"] == .bool(true))
        }
    }

    /// Each bad body, and what its 400 must name.
    static let badBodies: [(body: JSONValue, message: String)] = [
        (.object(["resolutions": .array([])]), "resolutions: expected an object, found an array."),
        (.object(["resolutions": .object(["promt": .array([.object(["take": "mine"]), .object(["take": "mine"])])])]),
         "resolutions.promt: operation 'scene_recap' has no field 'promt'; the conflicting fields are prompt."),
        (.object(["resolutions": .object(["prefill": .object(["take": "mine"])])]),
         "resolutions.prefill: 'prefill' has no conflict to settle; the conflicting fields are prompt."),
        (.object(["resolutions": .object(["prompt": .array([.object(["take": "mine"])])])]),
         "resolutions.prompt: expected 2 entries, one per conflict region, found 1."),
        (.object(["resolutions": .object(["prompt": .array([.object(["take": "mine"]), .object(["take": "both"])])])]),
         "resolutions.prompt[1].take: expected 'mine' or 'theirs', found 'both'."),
        (.object(["resolutions": .object(["prompt": .array([.object(["take": .int(1)]), .object(["take": "mine"])])])]),
         "resolutions.prompt[0].take: expected 'mine' or 'theirs', found a number."),
        (.object(["resolutions": .object(["prompt": .array([.object(["take": "mine"]), .object(["text": .int(5)])])])]),
         "resolutions.prompt[1].text: expected a string, found a number."),
        (.object(["resolutions": .object(["prompt": .array([.object(["take": "mine"]), "theirs"])])]),
         #"resolutions.prompt[1]: expected {"take": "mine"} or {"take": "theirs"} or {"text": "…"}, found a string."#),
        (.object(["resolutions": .object(["prompt": .array([.object([:]), .object(["take": "mine"])])])]),
         #"resolutions.prompt[0]: expected {"take": "mine"} or {"take": "theirs"} or {"text": "…"}, found an empty object."#),
        (.object(["resolutions": .object(["prompt": .array([.object(["take": "mine"]), .object(["take": "mine", "text": "x"])])])]),
         "resolutions.prompt[1]: give either 'take' or 'text', not both."),
        (.object(["resolutions": .object(["prompt": .array([.object(["pick": "mine"]), .object(["take": "mine"])])])]),
         #"resolutions.prompt[0]: unknown key 'pick'; expected {"take": "mine"} or {"take": "theirs"} or {"text": "…"}."#),
        (.object(["resolutions": .object(["prompt": .object([:])])]),
         #"resolutions.prompt: expected {"take": "mine"} or {"take": "theirs"}, found an empty object."#),
        (.object(["resolutions": .object(["prompt": "mine"])]),
         #"resolutions.prompt: expected a list with one entry per conflict region, or {"take": "mine"} or {"take": "theirs"} for the whole field; found a string."#),
        (.object(["resolutions": .object(["prompt": .object(["text": "x"])])]),
         "resolutions.prompt: edited text goes in a list with one entry per conflict region"),
        (.object(["prefer": "both"]), "prefer: expected 'mine' or 'theirs', found 'both'."),
        (.object(["resolution": .object([:])]), "Unknown field 'resolution'"),
    ]

    @Test func badResolutionsAreRefusedNamingTheFieldAndRegionAndWriteNothing() async throws {
        let server = try await TestServer(seed: seedTwoConflictRegions)
        let before = try server.stored()
        try await server.test { client in
            for (body, message) in Self.badBodies {
                let response = try await client.send(.post, Self.mergePath, json: body)
                #expect(response.status == .badRequest, "\(body.canonicalText)")
                #expect(response.errorCode == "bad_request", "\(body.canonicalText)")
                let text = response.json["message"]?.stringValue ?? ""
                #expect(text.hasPrefix(message), "\(body.canonicalText): \(text)")
            }
            let list = try await client.send(.get, "/api/v1/updates")
            #expect(list.json.arrayValue?.count == 1)
        }
        #expect(try server.stored() == before)
        #expect(server.library.snapshot.artifacts.count == 1)
    }

    @Test func regionsForAValueConflictAreRefused() async throws {
        let server = try await TestServer(seed: seedValueConflict)
        let before = try server.stored()
        try await server.test { client in
            let response = try await client.send(.post, Self.mergePath, json: .object(["prefer": "mine", "resolutions": .object([
                "include_preset_prompts": .array([.object(["take": "mine"])]),
            ])]))
            #expect(response.status == .badRequest)
            #expect(response.json["message"]?.stringValue?.hasPrefix(
                "resolutions.include_preset_prompts: the field is not text and has no regions") == true)
        }
        #expect(try server.stored() == before)
    }
}
