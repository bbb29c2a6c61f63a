import Foundation
import PromptPresetsCLI
import Testing

@Suite("resolve, edit, bind")
struct ResolveAndEditTests {
    @Test("an edit creates v1 and a profile-bound resolve shows it with the new prompt")
    func editThenResolve() async throws {
        let sandbox = try Sandbox()
        await sandbox.succeed("presets", "create", "Mine")
        let edit = await sandbox.succeed("edit", "Mine", "scene_recap", "--set", "prompt=Recap {{scene_messages}} for {{lorebook_entry_types}}")
        #expect(edit.standardOutput == "Created scene_recap 'v1' (#1) in preset 'Mine'.\n")
        await sandbox.succeed("bind", "profile", "Default", "Mine")

        let resolution = parseObject(await sandbox.succeed("resolve", "scene_recap", "--json").standardOutput)
        let artifact = resolution["artifact"] as? [String: Any]
        #expect(artifact?["name"] as? String == "v1")
        #expect(artifact?["number"] as? Int == 1)
        #expect((resolution["config"] as? [String: Any])?["prompt"] as? String == "Recap {{scene_messages}} for {{lorebook_entry_types}}")
        #expect(resolution["preset"] as? String == "Mine")
        #expect(resolution["source"] as? String == "profile")
        #expect(resolution["isDefault"] as? Bool == false)
    }

    @Test("resolve --json has exactly the documented keys, with update and artifact null for the default")
    func resolveJSONShape() async throws {
        let sandbox = try Sandbox()
        let resolution = parseObject(await sandbox.succeed("resolve", "auto_scene_break", "--json").standardOutput)
        #expect(Set(resolution.keys) == ["operation", "preset", "source", "artifact", "isDefault", "defaultVersion", "config", "update", "warnings"])
        #expect(resolution["artifact"] is NSNull)
        #expect(resolution["update"] is NSNull)
        #expect(resolution["source"] as? String == "default")
        #expect(resolution["preset"] as? String == "Default")
        #expect(resolution["defaultVersion"] as? String == "1.2.0")
        #expect((resolution["warnings"] as? [Any])?.isEmpty == true)
        let config = resolution["config"] as? [String: Any] ?? [:]
        #expect(config.keys.contains("forced_prompt"))
        #expect(config["connection_profile"] is NSNull)
    }

    @Test("resolve --all --json is an array with one resolution per catalog operation")
    func resolveAll() async throws {
        let sandbox = try Sandbox()
        let all = parseArray(await sandbox.succeed("resolve", "--all", "--json").standardOutput)
        #expect(all.count == 13)
        #expect(all.first?["operation"] as? String == "scene_recap")
        #expect(all.allSatisfy { $0["source"] as? String == "default" })

        let human = await sandbox.succeed("resolve", "--all")
        #expect(human.standardOutput.contains("Preset: Default (source: default)"))
        #expect(human.standardOutput.contains("entity_types"))
    }

    @Test("resolve needs exactly one of OPERATION and --all")
    func resolveUsage() async throws {
        let sandbox = try Sandbox()
        #expect(await sandbox.run("resolve").exitCode == 2)
        #expect(await sandbox.run("resolve", "scene_recap", "--all").exitCode == 2)
    }

    @Test("a chat binding wins for that chat only, and unbinding restores the default")
    func chatBinding() async throws {
        let sandbox = try Sandbox()
        await sandbox.makeMine()
        #expect(await sandbox.succeed("bind", "chat", "c1", "Mine").standardOutput == "Bound chat 'c1' to preset 'Mine'.\n")

        let bound = parseObject(await sandbox.succeed("resolve", "scene_recap", "--chat", "c1", "--json").standardOutput)
        #expect(bound["source"] as? String == "chat")
        #expect(bound["preset"] as? String == "Mine")
        let other = parseObject(await sandbox.succeed("resolve", "scene_recap", "--chat", "c2", "--json").standardOutput)
        #expect(other["source"] as? String == "default")

        let human = await sandbox.succeed("resolve", "scene_recap", "--chat", "c1")
        #expect(human.standardOutput.contains("Mine (source: chat)"))
        #expect(human.standardOutput.contains("v1 (#1)"))

        let bindings = parseArray(await sandbox.succeed("bindings", "--json").standardOutput)
        #expect(bindings.count == 1)
        #expect(bindings.first?["scope"] as? String == "chat")
        #expect(bindings.first?["key"] as? String == "c1")
        #expect(bindings.first?["presetName"] as? String == "Mine")
        #expect((bindings.first?["preset"] as? String)?.isEmpty == false, "the preset's id, as the API gives it")
        #expect(await sandbox.succeed("bindings").standardOutput.contains("chat   c1   Mine"))

        await sandbox.succeed("unbind", "chat", "c1")
        let unbound = parseObject(await sandbox.succeed("resolve", "scene_recap", "--chat", "c1", "--json").standardOutput)
        #expect(unbound["source"] as? String == "default")
        #expect(await sandbox.succeed("bindings").standardOutput == "No bindings.\n")
    }

    @Test("a character binding applies when the chat has none")
    func characterBinding() async throws {
        let sandbox = try Sandbox()
        await sandbox.makeMine()
        await sandbox.succeed("bind", "character", "alice", "Mine")
        let resolution = parseObject(await sandbox.succeed("resolve", "scene_recap", "--chat", "c9", "--character", "alice", "--json").standardOutput)
        #expect(resolution["source"] as? String == "character")
    }

    @Test("an edit that changes nothing creates nothing and writes nothing")
    func editWithoutChange() async throws {
        let sandbox = try Sandbox()
        await sandbox.succeed("presets", "create", "Mine")
        let before = try sandbox.snapshot()
        let audit = try sandbox.auditCount()
        let result = await sandbox.succeed("edit", "Mine", "scene_recap", "--set", "include_preset_prompts=false")
        #expect(result.standardOutput == "No changes; nothing created.\n")
        #expect(try sandbox.snapshot() == before)
        #expect(try sandbox.auditCount() == audit)
    }

    @Test("a second edit forks v2 from v1 and typed values are parsed by the schema")
    func editTypedValues() async throws {
        let sandbox = try Sandbox()
        await sandbox.makeMine()
        await sandbox.succeed("connections", "add", "Claude", "--api", "anthropic")
        let result = await sandbox.succeed(
            "edit", "Mine", "scene_recap", "--set", "include_preset_prompts=true", "--set", "connection_profile=Claude",
            "--set", "completion_preset_name=Precise")
        #expect(result.standardOutput == "Created scene_recap 'v2' (#2) in preset 'Mine'.\n")

        let show = await sandbox.succeed("artifacts", "show", "scene_recap", "v2")
        #expect(show.standardOutput.contains("connection_profile: Claude"))
        #expect(show.standardOutput.contains("include_preset_prompts: true"))
        #expect(show.standardOutput.split(separator: "\n").contains { $0.hasPrefix("Parent:") && $0.hasSuffix(" v1") })

        await sandbox.succeed("edit", "Mine", "entity_types", "--set", #"defaults={"exclude_recursion":true,"prevent_recursion":false,"ignore_budget":false,"sticky":3}"#)
        let entity = parseObject(await sandbox.succeed("artifacts", "show", "entity_types", "v1", "--json").standardOutput)
        let defaults = (entity["config"] as? [String: Any])?["defaults"] as? [String: Any]
        #expect(defaults?["sticky"] as? Int == 3)
    }

    @Test("lint findings are printed as warnings on stderr")
    func lintWarnings() async throws {
        let sandbox = try Sandbox()
        await sandbox.succeed("presets", "create", "Mine")
        let result = await sandbox.succeed("edit", "Mine", "scene_recap", "--set", "prompt=Recap {{nonsense}}")
        #expect(result.standardError.contains("warning: prompt: unknown variable {{nonsense}}"))
        #expect(result.standardError.contains("warning: prompt: required variable {{scene_messages}} is not used"))
    }

    @Test("--set-file reads a file, and '-' reads standard input")
    func setFile() async throws {
        let sandbox = try Sandbox()
        await sandbox.succeed("presets", "create", "Mine")
        let file = sandbox.directory.appendingPathComponent("prompt.txt")
        try Data("Line one {{messages}}\nLine two".utf8).write(to: file)
        await sandbox.succeed("edit", "Mine", "scene_recap", "--set-file", "prompt=\(file.path)")
        await sandbox.succeed("edit", "Mine", "scene_recap", "--set-file", "prefill=-", input: "Sure:")
        let config = parseObject(await sandbox.succeed("artifacts", "show", "scene_recap", "v2", "--json").standardOutput)["config"] as? [String: Any]
        #expect(config?["prompt"] as? String == "Line one {{messages}}\nLine two")
        #expect(config?["prefill"] as? String == "Sure:")

        let missing = await sandbox.run("edit", "Mine", "scene_recap", "--set-file", "prompt=/nonexistent/file")
        #expect(missing.exitCode == 1)
        #expect(missing.standardError.contains("no such file"))
    }

    @Test("--editor opens $EDITOR on the config as JSON and saves what it wrote")
    func editorEdit() async throws {
        let sandbox = try Sandbox()
        await sandbox.succeed("presets", "create", "Mine")
        let editor = try sandbox.script(named: "editor.sh", #"sed -i 's/memory keeper/chronicle keeper/' "$1""#)
        let result = await sandbox.succeed("edit", "Mine", "scene_recap", "--editor", environment: ["EDITOR": editor])
        #expect(result.standardOutput == "Created scene_recap 'v1' (#1) in preset 'Mine'.\n")
        let config = parseObject(await sandbox.succeed("artifacts", "show", "scene_recap", "v1", "--json").standardOutput)["config"] as? [String: Any]
        let prompt = config?["prompt"] as? String ?? ""
        #expect(prompt.contains("chronicle keeper"))
        #expect(!prompt.contains("memory keeper"))
    }

    @Test("an editor that leaves invalid JSON or fails writes nothing")
    func editorFailures() async throws {
        let sandbox = try Sandbox()
        await sandbox.succeed("presets", "create", "Mine")
        let before = try sandbox.snapshot()

        let breaker = try sandbox.script(named: "break.sh", #"printf '{"prompt": ' > "$1""#)
        let broken = await sandbox.run("edit", "Mine", "scene_recap", "--editor", environment: ["EDITOR": breaker])
        #expect(broken.exitCode == 1)
        #expect(broken.standardError.hasPrefix("error: The edited config is not valid JSON"))

        let failing = try sandbox.script(named: "fail.sh", "exit 4")
        let failed = await sandbox.run("edit", "Mine", "scene_recap", "--editor", environment: ["EDITOR": failing])
        #expect(failed.exitCode == 1)
        #expect(failed.standardError.contains("exited with status 4"))

        let wrongType = try sandbox.script(named: "type.sh", #"sed -i 's/"include_preset_prompts": false/"include_preset_prompts": "no"/' "$1""#)
        let typed = await sandbox.run("edit", "Mine", "scene_recap", "--editor", environment: ["EDITOR": wrongType])
        #expect(typed.exitCode == 1)
        #expect(typed.standardError.contains("scene_recap.include_preset_prompts: expected a boolean"))

        #expect(try sandbox.snapshot() == before)
    }

    @Test("edit without any change option is a usage error")
    func editUsage() async throws {
        let sandbox = try Sandbox()
        let result = await sandbox.run("edit", "Mine", "scene_recap")
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("Nothing to change"))
    }
}
