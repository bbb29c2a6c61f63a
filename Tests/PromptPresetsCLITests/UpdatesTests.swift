import Foundation
import PromptPresetsCLI
import Testing

@Suite("updates")
struct UpdatesTests {
    /// `Mine` uses `v1`, a copy of scene_recap's default 1.0.0 (the current default is 1.3.0).
    private func sandboxWithOutdatedVersion() async throws -> Sandbox {
        let sandbox = try Sandbox()
        await sandbox.succeed("presets", "create", "Mine")
        await sandbox.succeed("artifacts", "duplicate", "scene_recap", "Default@1.0.0")
        await sandbox.succeed("presets", "set", "Mine", "scene_recap", "v1")
        return sandbox
    }

    @Test("updates --check exits 0 with nothing pending and 3 when a version is based on an older default")
    func checkExitCodes() async throws {
        let sandbox = try Sandbox()
        await sandbox.succeed("presets", "create", "Mine")
        let clean = await sandbox.run("updates", "--check")
        #expect(clean.exitCode == 0)
        #expect(clean.standardOutput == "No updates pending.\n")

        await sandbox.succeed("artifacts", "duplicate", "scene_recap", "Default@1.0.0")
        await sandbox.succeed("presets", "set", "Mine", "scene_recap", "v1")
        let pending = await sandbox.run("updates", "--check")
        #expect(pending.exitCode == 3)
        #expect(pending.standardOutput.contains("Mine"))
        #expect(pending.standardOutput.contains("1.0.0 → 1.3.0"))
        #expect(await sandbox.run("updates").exitCode == 0)

        let json = parseArray(await sandbox.run("updates", "list", "--json").standardOutput)
        #expect(json.count == 1)
        #expect(json.first?["from"] as? String == "1.0.0")
        #expect(json.first?["to"] as? String == "1.3.0")
        #expect((json.first?["changelog"] as? [String])?.count == 4)
    }

    @Test("resolve reports the pending update")
    func resolveShowsUpdate() async throws {
        let sandbox = try await sandboxWithOutdatedVersion()
        await sandbox.succeed("bind", "profile", "Default", "Mine")
        let resolution = parseObject(await sandbox.succeed("resolve", "scene_recap", "--json").standardOutput)
        let update = resolution["update"] as? [String: Any]
        #expect(update?["from"] as? String == "1.0.0")
        #expect(update?["to"] as? String == "1.3.0")
    }

    @Test("compare shows both diffs; keep silences the update")
    func compareAndKeep() async throws {
        let sandbox = try await sandboxWithOutdatedVersion()
        let comparison = await sandbox.succeed("updates", "compare", "Mine", "scene_recap")
        #expect(comparison.standardOutput.contains("Your version → default 1.3.0:"))
        #expect(comparison.standardOutput.contains("Default 1.0.0 → default 1.3.0:"))
        #expect(comparison.standardOutput.contains("--- prompt"))
        let json = parseObject(await sandbox.succeed("updates", "compare", "Mine", "scene_recap", "--json").standardOutput)
        #expect((json["mineToNew"] as? [Any])?.isEmpty == false)

        #expect(await sandbox.succeed("updates", "keep", "Mine", "scene_recap").standardOutput
            == "Kept scene_recap 'v1'; it is now based on 1.3.0.\n")
        #expect(await sandbox.run("updates", "--check").exitCode == 0)
    }

    @Test("dismiss silences the update; revert points back at the default")
    func dismissAndRevert() async throws {
        let sandbox = try await sandboxWithOutdatedVersion()
        await sandbox.succeed("updates", "dismiss", "Mine", "scene_recap")
        #expect(await sandbox.run("updates", "--check").exitCode == 0)

        let other = try await sandboxWithOutdatedVersion()
        #expect(await other.succeed("updates", "revert", "Mine", "scene_recap").standardOutput
            == "Preset 'Mine' now uses the default of scene_recap (1.3.0).\n")
        #expect(await other.run("updates", "--check").exitCode == 0)
        let shown = parseObject(await other.succeed("presets", "show", "Mine", "--json").standardOutput)
        let entry = (shown["operations"] as? [[String: Any]])?.first { $0["operation"] as? String == "scene_recap" }
        #expect(entry?["isDefault"] as? Bool == true)
    }

    @Test("merge without conflicts creates a version based on the new default")
    func cleanMerge() async throws {
        let sandbox = try await sandboxWithOutdatedVersion()
        let merged = await sandbox.succeed("updates", "merge", "Mine", "scene_recap")
        #expect(merged.standardOutput == "Merged scene_recap into 'v2' (#2), based on 1.3.0; preset 'Mine' now uses it.\n")
        #expect(await sandbox.run("updates", "--check").exitCode == 0)
        await sandbox.succeed("bind", "profile", "Default", "Mine")
        let resolution = parseObject(await sandbox.succeed("resolve", "scene_recap", "--json").standardOutput)
        #expect((resolution["artifact"] as? [String: Any])?["name"] as? String == "v2")
        #expect(resolution["update"] is NSNull)
    }

    @Test("a conflicting merge prints markers, exits 1 and writes nothing; --prefer settles it")
    func conflictingMerge() async throws {
        let sandbox = try await sandboxWithOutdatedVersion()
        await sandbox.succeed("edit", "Mine", "scene_recap", "--set", "prompt=My own prompt {{scene_messages}} {{lorebook_entry_types}}")
        let before = try sandbox.snapshot()

        let refused = await sandbox.run("updates", "merge", "Mine", "scene_recap")
        #expect(refused.exitCode == 1)
        #expect(refused.standardOutput.contains("Conflict in prompt:"))
        #expect(refused.standardOutput.contains("<<<<<<< mine"))
        #expect(refused.standardOutput.contains(">>>>>>> default"))
        #expect(refused.standardError.hasPrefix("error: Merging 'scene_recap' conflicts in prompt"))
        #expect(refused.standardError.split(separator: "\n").count == 1)
        #expect(try sandbox.snapshot() == before)

        let mine = await sandbox.succeed("updates", "merge", "Mine", "scene_recap", "--prefer", "mine", "--json")
        let artifact = parseObject(mine.standardOutput)
        #expect(artifact["basedOn"] as? String == "1.3.0")
        let prompt = (artifact["config"] as? [String: Any])?["prompt"] as? String
        #expect(prompt?.contains("My own prompt") == true)
        #expect(await sandbox.run("updates", "--check").exitCode == 0)

        #expect(await sandbox.run("updates", "merge", "Mine", "scene_recap", "--prefer", "neither").exitCode == 2)
    }
}
