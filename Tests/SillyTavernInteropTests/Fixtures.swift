import Foundation
import PromptPresets
import PromptPresetsCatalogs
import SillyTavernInterop
import Testing

/// The SillyTavern fixtures in `Tests/Fixtures/sillytavern`, found from this file's path.
enum Fixture {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // SillyTavernInteropTests
        .deletingLastPathComponent()   // Tests
        .appendingPathComponent("Fixtures/sillytavern")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func settings(_ name: String) throws -> JSONValue {
        try SettingsFile.parse(data(name))
    }

    /// The connection-manager credential reference in both settings fixtures; it must never
    /// appear in the store, a report, or any managed key of a written file.
    static let secret = "secret-7731-do-not-export"

    static let claudeMainID = "6f1c2a4e-8d1b-4c57-9a0e-3b2f1d7c5e91"
    static let localLlamaID = "0b9e7d53-2c44-4f1a-8e6b-91a7c3d2f480"

    static let now = Date(timeIntervalSince1970: 1_763_400_000)

    static func environment() -> CommandEnvironment {
        CommandEnvironment(clock: Clock(now: { now }), ids: .sequential(), actor: "test")
    }

    static func emptySnapshot() -> Snapshot {
        Snapshot(catalog: .autoRecap)
    }

    /// A fresh temporary directory holding a copy of the fixture `name`; returns the copy's path.
    static func copy(_ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sillytavern-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let target = directory.appendingPathComponent("settings.json")
        try data(name).write(to: target)
        return target.path
    }

    /// The 1.x extension's shipped defaults as the fixture spells them ("[1.x shipped default for
    /// <op>] …"): the texts a real host would ship with its catalog for the migration.
    static let legacyDefaults: LegacyDefaults = {
        let standardPrefill = JSONValue.string("Acknowledged. Replying with JSON only:\n{")
        let operations = [
            "scene_recap", "scene_recap_error_detection", "auto_scene_break", "running_scene_recap",
            "auto_lorebooks_recap_merge", "auto_lorebooks_recap_lorebook_entry_lookup",
            "auto_lorebooks_recap_lorebook_entry_deduplicate", "auto_lorebooks_bulk_populate",
        ]
        var fields: [String: [String: JSONValue]] = [:]
        for operation in operations {
            fields[operation] = [
                "prompt": .string("[1.x shipped default for \(operation)] Work through {{messages}} and answer in JSON."),
                "prefill": standardPrefill,
                "connection_profile": .null,
                "completion_preset_name": .string(""),
                "include_preset_prompts": .bool(operation == "auto_scene_break"),
            ]
        }
        fields["auto_scene_break"]!["forced_prompt"] = .string("[1.x shipped default] Forced break: choose a message in {{messages}}.")
        fields["auto_scene_break"]!["forced_prefill"] = standardPrefill
        return LegacyDefaults(release: "1.x", fields: fields)
    }()
}

extension Snapshot {
    /// The stored preset named `name`; fails the test when there is none.
    func storedPreset(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Preset {
        let preset = try #require(presets.values.first { $0.name == name }, "no preset '\(name)'", sourceLocation: sourceLocation)
        return preset
    }

    /// Operation → artifact name for a preset (operations using the default left out).
    func artifactNames(of preset: Preset) -> [String: String] {
        preset.operations.compactMapValues { artifacts[$0]?.name }
    }

    /// Every stored value rendered as text, to search for things that must not be there.
    var dump: String {
        String(describing: artifacts) + String(describing: presets) + String(describing: bindings)
            + String(describing: connectionProfiles)
    }
}

/// One step of a path into a JSON value: an object key or an array index.
enum Step: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case key(String)
    case index(Int)
    init(stringLiteral value: String) { self = .key(value) }
    init(integerLiteral value: Int) { self = .index(value) }
}

extension JSONValue {
    /// The value at `path`, or nil.
    subscript(path: Step...) -> JSONValue? {
        value(at: path[...])
    }

    private func value(at path: ArraySlice<Step>) -> JSONValue? {
        guard let step = path.first else { return self }
        switch (step, self) {
        case (.key(let key), .object(let members)): return members[key]?.value(at: path.dropFirst())
        case (.index(let index), .array(let elements)) where elements.indices.contains(index):
            return elements[index].value(at: path.dropFirst())
        default: return nil
        }
    }

    /// A copy with the value at `path` replaced (nil removes an object member).
    func setting(_ path: [Step], to newValue: JSONValue?) -> JSONValue {
        guard let step = path.first else { return newValue ?? .null }
        let rest = Array(path.dropFirst())
        switch (step, self) {
        case (.key(let key), .object(var members)):
            if rest.isEmpty {
                members[key] = newValue
            } else {
                members[key] = (members[key] ?? .object([:])).setting(rest, to: newValue)
            }
            return .object(members)
        case (.index(let index), .array(var elements)):
            elements[index] = elements[index].setting(rest, to: newValue)
            return .array(elements)
        default:
            Issue.record("no container at \(path)")
            return self
        }
    }
}

let sectionPath: [Step] = ["extension_settings", "auto_recap_memory"]
