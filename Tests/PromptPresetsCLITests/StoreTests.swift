import Foundation
import PromptPresetsCLI
import Testing

@Suite("store location and db")
struct StoreTests {
    @Test("$PROMPT_PRESETS_STORE is honoured")
    func environmentVariable() async throws {
        let sandbox = try Sandbox()
        let path = sandbox.directory.appendingPathComponent("nested/dir/custom.sqlite").path
        let result = await sandbox.run("presets", "create", "Mine", environment: ["PROMPT_PRESETS_STORE": path])
        #expect(result.exitCode == 0)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: sandbox.storePath))
        let listed = await sandbox.run("presets", "list", "--json", environment: ["PROMPT_PRESETS_STORE": path])
        #expect(parseArray(listed.standardOutput).count == 2)
    }

    @Test("--store wins over $PROMPT_PRESETS_STORE")
    func storeOption() async throws {
        let sandbox = try Sandbox()
        let path = sandbox.directory.appendingPathComponent("option.sqlite").path
        await sandbox.succeed("presets", "create", "Elsewhere", "--store", path)
        #expect(FileManager.default.fileExists(atPath: path))
        let here = parseArray(await sandbox.succeed("presets", "list", "--json").standardOutput)
        #expect(here.count == 1)
        let there = parseArray(await sandbox.succeed("presets", "list", "--json", "--store", path).standardOutput)
        #expect(there.count == 2)
    }

    @Test("without either, the store lives under $XDG_DATA_HOME, else ~/.local/share")
    func defaultLocations() async throws {
        let sandbox = try Sandbox()
        let xdg = sandbox.directory.appendingPathComponent("xdg").path
        let home = sandbox.directory.appendingPathComponent("home").path
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let viaXDG = await CLI.run(["presets", "create", "A"], environment: ["XDG_DATA_HOME": xdg, "HOME": home, "PATH": path])
        #expect(viaXDG.exitCode == 0)
        #expect(FileManager.default.fileExists(atPath: xdg + "/prompt-presets/store.sqlite"))
        let viaHome = await CLI.run(["presets", "create", "B"], environment: ["HOME": home, "PATH": path])
        #expect(viaHome.exitCode == 0)
        #expect(FileManager.default.fileExists(atPath: home + "/.local/share/prompt-presets/store.sqlite"))
    }

    @Test("db status shows schema version, counts and file size; db backup writes a usable copy")
    func dbStatusAndBackup() async throws {
        let sandbox = try Sandbox()
        await sandbox.makeMine()
        await sandbox.succeed("bind", "chat", "c1", "Mine")
        let status = parseObject(await sandbox.succeed("db", "status", "--json").standardOutput)
        #expect(status["presets"] as? Int == 1)
        #expect(status["artifacts"] as? Int == 1)
        #expect(status["chatBindings"] as? Int == 1)
        #expect((status["fileSize"] as? Int ?? 0) > 0)
        #expect(status["schemaVersion"] is String)
        #expect((status["storeVersion"] as? Int ?? 0) > 0, "every commit so far got a store version")
        let human = await sandbox.succeed("db", "status")
        #expect(human.standardOutput.contains("schemaVersion:"))

        let backup = sandbox.directory.appendingPathComponent("backup.sqlite").path
        #expect(await sandbox.succeed("db", "backup", backup).standardOutput.contains(backup))
        let copied = parseArray(await sandbox.succeed("presets", "list", "--json", "--store", backup).standardOutput)
        #expect(copied.map { $0["name"] as? String } == ["Default", "Mine"])
    }
}

@Suite("global options")
struct GlobalOptionTests {
    @Test("--store and --json work before the subcommand as well as after it")
    func globalOptionsBeforeTheSubcommand() async throws {
        let sandbox = try Sandbox()
        let other = sandbox.directory.appendingPathComponent("other.sqlite").path
        let created = await sandbox.run(["--store", other, "presets", "create", "Elsewhere"])
        #expect(created.exitCode == 0, "\(created.standardError)")
        let listed = await sandbox.run(["--json", "--store", other, "presets", "list"])
        #expect(listed.exitCode == 0)
        #expect(listed.standardOutput.contains("\"Elsewhere\""))
        // The default store (from the environment) did not get it.
        #expect(try sandbox.snapshot().presets.isEmpty)
    }
}
