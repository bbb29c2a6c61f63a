import Foundation
import PromptPresets
import PromptPresetsCLI
import Testing

/// The SillyTavern fixtures in `Tests/Fixtures/sillytavern`.
private let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/sillytavern")

@Suite("export, import, sillytavern")
struct SharingCommandsTests {
    /// Copies a fixture into the sandbox and returns its path.
    func fixture(_ name: String, into sandbox: Sandbox) throws -> String {
        let target = sandbox.directory.appendingPathComponent(name)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: target)
        return target.path
    }

    @Test("a bundle export imports back with the same configs, reusing versions the second time")
    func bundleRoundTrip() async throws {
        let sandbox = try Sandbox()
        await sandbox.makeMine()
        let file = sandbox.directory.appendingPathComponent("mine.json").path
        await sandbox.succeed("export", "Mine", "--out", file)
        let before = try sandbox.snapshot()

        let dryRun = await sandbox.succeed("import", file, "--dry-run")
        #expect(dryRun.standardOutput.contains("create as 'Mine (1)'"))
        #expect(dryRun.standardOutput.contains("reuse version 'v1'"))
        #expect(try sandbox.snapshot() == before)

        await sandbox.succeed("import", file)
        let after = try sandbox.snapshot()
        #expect(after.artifacts.count == before.artifacts.count)
        let copy = try after.preset(named: "Mine (1)")
        #expect(copy.operations == (try before.preset(named: "Mine")).operations)
    }

    @Test("the extension fixture imports with the expected names and the export carries every operation")
    func extensionFormat() async throws {
        let sandbox = try Sandbox()
        let file = try fixture("export-alice-1.0.json", into: sandbox)
        let result = await sandbox.succeed("import", file, "--json")
        let report = try #require(parseJSON(result.standardOutput) as? [String: Any])
        let created = try #require((report["report"] as? [String: Any])?["createdArtifacts"] as? [[String: Any]])
        #expect(Set(created.compactMap { $0["name"] as? String })
                == ["Detailed Recap for Alice (imported)", "Strict Detection v3 (imported)"])

        let exported = await sandbox.succeed("export", "Alice RP Setup", "--format", "extension")
        let document = try #require(parseJSON(exported.standardOutput) as? [String: Any])
        #expect(document["format_version"] as? String == "1.0")
        let operations = try #require(document["operations"] as? [String: Any])
        #expect(operations.count == 13)
        #expect((operations["auto_scene_break"] as? [String: Any])?["forced_prompt"] is String)
    }

    @Test("a broken import file is refused in one line and the store is unchanged", arguments: [
        (#"{"format_version": "1.0", "preset_name": "X", "operations": {"#, "ends unexpectedly"),
        (#"[1, 2]"#, "expected an object"),
        (#"{"format_version": "9.9", "preset_name": "X", "operations": {}}"#, "format_version"),
        (#"{"format_version": "1.0", "preset_name": "X", "operations": {"nope": {}}}"#, "nope"),
    ])
    func brokenImport(text: String, message: String) async throws {
        let sandbox = try Sandbox()
        await sandbox.makeMine()
        let file = sandbox.directory.appendingPathComponent("broken.json")
        try Data(text.utf8).write(to: file)
        let before = try sandbox.snapshot()

        let result = await sandbox.run("import", file.path)

        #expect(result.exitCode == 1)
        #expect(result.standardError.lowercased().contains(message.lowercased()), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(try sandbox.snapshot() == before)
    }

    @Test("an export whose prompt holds an API key stops, naming the field, unless allowed")
    func secretsStopExport() async throws {
        let sandbox = try Sandbox()
        await sandbox.succeed("presets", "create", "Leaky")
        await sandbox.succeed("edit", "Leaky", "scene_recap", "--set", "prompt=Use key sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD for {{messages}} {{entity_types}}")

        let refused = await sandbox.run("export", "Leaky")
        #expect(refused.exitCode == 1)
        #expect(refused.standardError.contains("prompt looks like an API key"))
        #expect(!refused.standardError.contains("abcdefghijklmnop"))
        let allowed = await sandbox.succeed("export", "Leaky", "--allow-secrets")
        #expect(allowed.standardOutput.contains("sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD"))
    }

    @Test("sillytavern import is idempotent and export writes back with a backup, keeping unrelated keys")
    func sillyTavernRoundTrip() async throws {
        let sandbox = try Sandbox()
        let settings = try fixture("settings-2x.json", into: sandbox)
        await sandbox.succeed("sillytavern", "import", settings)
        let first = try sandbox.snapshot()
        #expect(first.presets.values.contains { $0.name == "Alice RP Setup" })
        await sandbox.succeed("sillytavern", "import", settings)
        #expect(try sandbox.snapshot() == first)

        let original = try Data(contentsOf: URL(fileURLWithPath: settings))
        // Nothing changed on either side since the import: nothing to write.
        let unchanged = await sandbox.succeed("sillytavern", "export", settings, "--json")
        #expect((parseJSON(unchanged.standardOutput) as? [String: Any])?["backup"] is NSNull)
        #expect(try Data(contentsOf: URL(fileURLWithPath: settings)) == original)

        await sandbox.succeed("presets", "create", "Written back")
        let result = await sandbox.succeed("sillytavern", "export", settings, "--json")
        let written = try #require(parseJSON(result.standardOutput) as? [String: Any])
        let backup = try #require(written["backup"] as? String)
        #expect(try Data(contentsOf: URL(fileURLWithPath: backup)) == original)
        let before = try #require(parseJSON(String(decoding: original, as: UTF8.self)) as? [String: Any])
        let after = try #require(parseJSON(try String(contentsOfFile: settings, encoding: .utf8)) as? [String: Any])
        for key in before.keys where key != "extension_settings" {
            #expect(after[key] != nil, "key \(key) lost")
        }
        #expect(!(try String(contentsOfFile: settings, encoding: .utf8)).isEmpty)
    }

    @Test("sillytavern sync keeps both sides and refuses a conflict without writing")
    func sillyTavernSync() async throws {
        let sandbox = try Sandbox()
        let settings = try fixture("settings-2x.json", into: sandbox)
        await sandbox.succeed("sillytavern", "sync", settings)
        #expect(FileManager.default.fileExists(atPath: settings + ".prompt-presets-base.json"))

        // The extension renames a preset's description; the store changes the same preset's.
        var edited = try #require(parseJSON(try String(contentsOfFile: settings, encoding: .utf8)) as? [String: Any])
        var extensions = try #require(edited["extension_settings"] as? [String: Any])
        var section = try #require(extensions["auto_recap_memory"] as? [String: Any])
        var presets = try #require(section["operations_presets"] as? [String: Any])
        var quick = try #require(presets["Quick Chat"] as? [String: Any])
        quick["description"] = "Edited in SillyTavern"
        presets["Quick Chat"] = quick
        section["operations_presets"] = presets
        extensions["auto_recap_memory"] = section
        edited["extension_settings"] = extensions
        try JSONSerialization.data(withJSONObject: edited).write(to: URL(fileURLWithPath: settings))
        await sandbox.succeed("presets", "describe", "Quick Chat", "Edited in the store")
        let before = try Data(contentsOf: URL(fileURLWithPath: settings))

        let dryRun = await sandbox.run("sillytavern", "export", settings, "--dry-run")
        #expect(dryRun.exitCode != 0)
        let refused = await sandbox.run("sillytavern", "sync", settings)
        #expect(refused.exitCode != 0)
        #expect(refused.standardOutput.contains("conflict   preset 'Quick Chat'"))
        #expect(refused.standardError.contains("--prefer"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: settings)) == before)

        await sandbox.succeed("sillytavern", "sync", settings, "--prefer", "file")
        let preset = try #require(try sandbox.snapshot().presets.values.first { $0.name == "Quick Chat" })
        #expect(preset.description == "Edited in SillyTavern")
    }

    @Test("sillytavern migrate of a 1.x install creates one preset per profile and reports every key")
    func migrate() async throws {
        let sandbox = try Sandbox()
        let settings = try fixture("settings-1x.json", into: sandbox)
        let original = try Data(contentsOf: URL(fileURLWithPath: settings))
        let result = await sandbox.succeed("sillytavern", "migrate", settings, "--json")
        let report = try #require((parseJSON(result.standardOutput) as? [String: Any])?["report"] as? [String: Any])
        #expect(report["keys"] != nil)
        let snapshot = try sandbox.snapshot()
        #expect(Set(snapshot.presets.values.map(\.name)).isSuperset(of: ["Alice RP", "Terse"]))
        #expect(try Data(contentsOf: URL(fileURLWithPath: settings)) == original)

        await sandbox.succeed("sillytavern", "migrate", settings)
        #expect(try sandbox.snapshot().artifacts.count == snapshot.artifacts.count)

        // The first sync writes the migrated presets into the file for today's extension.
        await sandbox.succeed("sillytavern", "sync", settings, "--prune-legacy")
        let written = try #require(parseJSON(try String(contentsOfFile: settings, encoding: .utf8)) as? [String: Any])
        let section = try #require((written["extension_settings"] as? [String: Any])?["auto_recap_memory"] as? [String: Any])
        let presets = try #require(section["operations_presets"] as? [String: Any])
        #expect(Set(presets.keys).isSuperset(of: ["Alice RP", "Terse"]))
        #expect(section["scene_recap_prompt"] == nil, "--prune-legacy removes the migrated flat keys")
        #expect(section["profiles"] == nil)
    }

    @Test("a settings.json without the extension's section is refused and nothing is written")
    func missingSection() async throws {
        let sandbox = try Sandbox()
        let file = sandbox.directory.appendingPathComponent("settings.json")
        try Data(#"{"extension_settings": {"other": {}}}"#.utf8).write(to: file)
        let before = try sandbox.snapshot()
        for command in ["import", "migrate", "export"] {
            let result = await sandbox.run("sillytavern", command, file.path)
            #expect(result.exitCode == 1, "\(command)")
            #expect(result.standardError.contains("auto_recap_memory"), "\(command): \(result.standardError)")
        }
        #expect(try sandbox.snapshot() == before)
        #expect(try String(contentsOf: file, encoding: .utf8) == #"{"extension_settings": {"other": {}}}"#)
    }
}
