import Foundation
import PromptPresetsCLI
import Testing

@Suite("presets, artifacts, catalog")
struct PresetsAndArtifactsTests {
    @Test("catalog lists the 13 operations with title and current default version")
    func catalog() async throws {
        let sandbox = try Sandbox()
        let operations = parseArray(await sandbox.succeed("catalog", "--json").standardOutput)
        #expect(operations.count == 13)
        #expect(operations.first?["key"] as? String == "scene_recap")
        #expect(operations.first?["title"] as? String == "Scene recap")
        #expect(operations.first?["defaultVersion"] as? String == "1.3.0")
        let table = await sandbox.succeed("catalog")
        #expect(table.standardOutput.hasPrefix("OPERATION"))
        #expect(table.standardOutput.contains("entity_types"))
    }

    @Test("presets: create, list, show, duplicate, rename, describe, set, delete")
    func presetLifecycle() async throws {
        let sandbox = try Sandbox()
        #expect(await sandbox.succeed("presets", "create", "Mine", "--description", "For long chats").standardOutput
            == "Created preset 'Mine'.\n")
        let list = parseArray(await sandbox.succeed("presets", "list", "--json").standardOutput)
        #expect(list.map { $0["name"] as? String } == ["Default", "Mine"])
        #expect(await sandbox.succeed("presets").standardOutput.contains("Mine     0 of 13     For long chats"))

        #expect(await sandbox.succeed("presets", "duplicate", "Default").standardOutput
            == "Duplicated preset 'Default' as 'Copy of Default'.\n")
        await sandbox.succeed("presets", "duplicate", "Mine", "--as", "Other")
        await sandbox.succeed("presets", "rename", "Other", "Renamed")
        await sandbox.succeed("presets", "describe", "Renamed", "New text")
        let shown = parseObject(await sandbox.succeed("presets", "show", "Renamed", "--json").standardOutput)
        #expect(shown["name"] as? String == "Renamed")
        #expect(shown["description"] as? String == "New text")
        #expect((shown["operations"] as? [Any])?.count == 13)

        await sandbox.succeed("edit", "Mine", "running_scene_recap", "--set", "prefill=Recap:")
        #expect(await sandbox.succeed("presets", "set", "Renamed", "running_scene_recap", "v1").standardOutput
            == "Preset 'Renamed' now uses 'v1' (#1) for running_scene_recap.\n")
        let human = await sandbox.succeed("presets", "show", "Renamed")
        #expect(human.standardOutput.contains("running_scene_recap"))
        #expect(human.standardOutput.contains("v1 (#1)"))
        #expect(await sandbox.succeed("presets", "set", "Renamed", "running_scene_recap", "Default").standardOutput
            == "Preset 'Renamed' now uses the default for running_scene_recap.\n")
        let reverted = parseObject(await sandbox.succeed("presets", "show", "Renamed", "--json").standardOutput)
        let entry = (reverted["operations"] as? [[String: Any]])?.first { $0["operation"] as? String == "running_scene_recap" }
        #expect(entry?["isDefault"] as? Bool == true)

        await sandbox.succeed("bind", "chat", "c1", "Renamed")
        let deleted = await sandbox.succeed("presets", "delete", "Renamed")
        #expect(deleted.standardOutput == "Deleted preset 'Renamed'.\nRemoved bindings: chat 'c1'.\n")
        #expect(try sandbox.snapshot().bindings.count == 0)
        let names = parseArray(await sandbox.succeed("presets", "list", "--json").standardOutput).compactMap { $0["name"] as? String }
        #expect(names == ["Default", "Copy of Default", "Mine"])
    }

    @Test("artifacts: list, show, history, diff, rename, duplicate, delete")
    func artifactLifecycle() async throws {
        let sandbox = try Sandbox()
        await sandbox.makeMine()

        let listed = parseArray(await sandbox.succeed("artifacts", "list", "scene_recap", "--json").standardOutput)
        #expect(listed.map { $0["name"] as? String } == ["Default", "v1"])
        #expect((listed.last?["usedBy"] as? [String]) == ["Mine"])
        let table = await sandbox.succeed("artifacts", "list", "scene_recap")
        #expect(table.standardOutput.contains("Mine"))

        let shown = await sandbox.succeed("artifacts", "show", "scene_recap", "Default@1.0.0")
        #expect(shown.standardOutput.contains("Default (1.0.0)"))

        let history = parseArray(await sandbox.succeed("artifacts", "history", "scene_recap", "--json").standardOutput)
        #expect(history.map { $0["name"] as? String } == ["Default@1.0.0", "Default@1.1.0", "Default@1.2.0", "Default@1.3.0", "v1"])
        #expect(history.last?["parent"] as? String == "Default@1.3.0")

        let diff = await sandbox.succeed("artifacts", "diff", "scene_recap", "Default", "v1")
        #expect(diff.standardOutput.hasPrefix("--- prompt\n"))
        #expect(diff.standardOutput.contains("+ My recap of {{messages}} with {{entity_types}}"))
        #expect(diff.standardOutput.contains("- You are the memory keeper"))
        let diffJSON = parseArray(await sandbox.succeed("artifacts", "diff", "scene_recap", "Default@1.0.0", "Default@1.1.0", "--json").standardOutput)
        #expect(diffJSON.contains { $0["field"] as? String == "prefill" })
        #expect(await sandbox.succeed("artifacts", "diff", "scene_recap", "v1", "v1").standardOutput == "No differences.\n")

        await sandbox.succeed("artifacts", "rename", "scene_recap", "v1", "Alice recap")
        let next = await sandbox.succeed("edit", "Mine", "scene_recap", "--set", "prefill=[")
        #expect(next.standardOutput == "Created scene_recap 'Alice recap v2' (#2) in preset 'Mine'.\n")

        let duplicate = await sandbox.succeed("artifacts", "duplicate", "scene_recap", "Default@1.0.0")
        #expect(duplicate.standardOutput == "Created scene_recap 'v3' (#3), a copy of 'Default@1.0.0'.\n")
        #expect(await sandbox.succeed("artifacts", "delete", "scene_recap", "v3").standardOutput == "Deleted scene_recap 'v3' (#3).\n")
        let after = parseArray(await sandbox.succeed("artifacts", "list", "scene_recap", "--json").standardOutput)
        #expect(after.map { $0["name"] as? String } == ["Default", "Alice recap v2", "Alice recap"])
    }

    @Test("prune keeps the newest unreferenced versions and every referenced one")
    func prune() async throws {
        let sandbox = try Sandbox()
        await sandbox.makeMine()
        for _ in 0..<3 { await sandbox.succeed("artifacts", "duplicate", "scene_recap", "Default") }
        let pruned = parseArray(await sandbox.succeed("prune", "--keep", "1", "--json").standardOutput)
        #expect(pruned.compactMap { $0["name"] as? String }.sorted() == ["v2", "v3"])
        let left = parseArray(await sandbox.succeed("artifacts", "list", "scene_recap", "--json").standardOutput)
        #expect(left.map { $0["name"] as? String } == ["Default", "v4", "v1"])
        #expect(await sandbox.succeed("prune").standardOutput == "Nothing to prune.\n")
        #expect(await sandbox.run("prune", "--keep", "-1").exitCode == 2)
    }

    @Test("connections: add, list, rename, remove")
    func connections() async throws {
        let sandbox = try Sandbox()
        #expect(await sandbox.succeed("connections", "add", "Claude", "--api", "anthropic").standardOutput
            == "Added connection profile 'Claude'.\n")
        await sandbox.succeed("connections", "rename", "Claude", "Claude Opus")
        let profiles = parseArray(await sandbox.succeed("connections", "list", "--json").standardOutput)
        #expect(profiles.count == 1)
        #expect(profiles.first?["name"] as? String == "Claude Opus")
        #expect(profiles.first?["api"] as? String == "anthropic")
        #expect(await sandbox.succeed("connections").standardOutput.contains("Claude Opus  anthropic"))

        await sandbox.succeed("presets", "create", "Mine")
        await sandbox.succeed("edit", "Mine", "scene_recap", "--set", "connection_profile=Claude Opus")
        let removed = await sandbox.succeed("connections", "remove", "Claude Opus")
        #expect(removed.standardOutput == "Removed connection profile 'Claude Opus'.\n")
        #expect(removed.standardError.contains("warning: still named by scene_recap 'v1'"))
        #expect(await sandbox.succeed("connections", "list").standardOutput == "No connection profiles.\n")
    }

    @Test("--help exits 0 and lists the commands")
    func help() async throws {
        let sandbox = try Sandbox()
        let result = await sandbox.run("--help")
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("presets"))
        #expect(result.standardOutput.contains("updates"))
        #expect(result.standardError.isEmpty)
    }
}

@Suite("json output")
struct JSONOutputTests {
    @Test("every listing and inspection command prints valid JSON with --json", arguments: [
        ["catalog"], ["resolve", "scene_recap"], ["resolve", "--all", "--chat", "c1"], ["presets", "list"], ["presets", "show", "Mine"],
        ["artifacts", "list", "scene_recap"], ["artifacts", "show", "scene_recap", "v1"], ["artifacts", "history", "scene_recap"],
        ["artifacts", "diff", "scene_recap", "Default", "v1"], ["bindings"], ["updates"], ["connections", "list"], ["db", "status"],
        ["prune"], ["presets", "describe", "Mine", "text"], ["bind", "character", "alice", "Mine"],
    ])
    func jsonParses(_ arguments: [String]) async throws {
        let sandbox = try Sandbox()
        await sandbox.makeMine()
        await sandbox.succeed("bind", "chat", "c1", "Mine")
        let result = await sandbox.run(arguments + ["--json"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(parseJSON(result.standardOutput) != nil)
    }
}
