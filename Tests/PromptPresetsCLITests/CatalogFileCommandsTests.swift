import Foundation
import PromptPresets
import PromptPresetsCatalogs
import PromptPresetsCLI
import PromptPresetsSQLite
import Testing

/// A catalog file for a one-operation app whose `reply` defaults are `versions`, oldest first.
private func appCatalog(name: String = "support-desk", versions: [(String, String, String)]) -> String {
    var yaml = """
        format: prompt-presets.catalog
        format_version: 1
        name: \(name)
        operations:
          - key: reply
            title: Reply
            description: Drafts a reply to a ticket.
            fields:
              - {key: prompt, title: Prompt, kind: text, multiline: true}
              - {key: prefill, title: Prefill, kind: text}
            variables:
              - {name: ticket, description: The ticket., required: true}
            defaults:

        """
    for (version, changelog, prompt) in versions {
        yaml += """
                  - version: \(version)
                    date: 2026-01-15
                    changelog: [\(changelog)]
                    config: {prompt: "\(prompt)", prefill: ""}

            """
    }
    return yaml
}

private let firstVersion = [("1.0.0", "First version.", "Answer {{ticket}}.")]
private let secondVersion = firstVersion + [("1.1.0", "Asks for the order number.", "Answer {{ticket}}; ask for the order number.")]

extension Sandbox {
    /// Writes `text` into the sandbox as `name` and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

@Suite("catalog files on the command line")
struct CatalogFileCommandsTests {
    @Test(arguments: ["yaml", "json"])
    func exportThenCheckThenLoadGivesTheBuiltInCatalog(format: String) async throws {
        let sandbox = try Sandbox()
        let exported = await sandbox.succeed("catalog", "export", "--format", format).standardOutput
        let path = try sandbox.file("auto-recap.\(format)", exported)

        let check = await sandbox.succeed("catalog", "check", path)
        #expect(check.standardOutput.hasPrefix("\(path): catalog 'auto-recap' is valid: 13 operations, "))
        #expect(check.standardOutput.contains("  scene_recap  1.3.0  ("))

        let loaded = try CatalogFile.load(try Data(contentsOf: URL(fileURLWithPath: path)), format: CatalogFileFormat(path: path))
        #expect(loaded.catalog == .autoRecap)
        // Loading it for real: the command line lists the same operations from the file.
        #expect(await sandbox.succeed("--catalog", path, "catalog", "--json").standardOutput
            == (await sandbox.succeed("catalog", "--json").standardOutput))
        // And exporting the loaded file gives the file back.
        #expect(await sandbox.succeed("catalog", "export", "--format", format, "--catalog", path).standardOutput == exported)
    }

    @Test func checkPrintsEveryProblemWithItsPathAndExitsWithAnError() async throws {
        let sandbox = try Sandbox()
        let broken = appCatalog(versions: secondVersion.reversed())
            .replacingOccurrences(of: "kind: text}", with: "kind: txt}")
        let path = try sandbox.file("broken.yaml", broken)
        let result = await sandbox.run("catalog", "check", path)
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("error: $.operations[0].fields[1].kind: unknown field kind 'txt'"))
        #expect(result.standardError.contains("error: $.operations[0].defaults[1].version: 1.0.0 is older than 1.1.0"))
        #expect(result.standardError.contains("\(path): 2 errors; the catalog cannot be loaded."))

        let json = parseObject(await sandbox.run("catalog", "check", path, "--json").standardOutput)
        #expect(json["valid"] as? Bool == false)
        #expect((json["problems"] as? [[String: Any]])?.compactMap { $0["path"] as? String }
            == ["$.operations[0].fields[1].kind", "$.operations[0].defaults[1].version"])
    }

    @Test func exportRefusesAnUnknownFormatAsAUsageError() async throws {
        let sandbox = try Sandbox()
        let result = await sandbox.run("catalog", "export", "--format", "xml")
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("xml"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func checkNamesAMissingFile() async throws {
        let sandbox = try Sandbox()
        let result = await sandbox.run("catalog", "check", sandbox.directory.appendingPathComponent("nope.yaml").path)
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("nope.yaml': no such file"))
    }

    @Test func aBrokenCatalogFileStopsACommandBeforeTheStoreIsTouched() async throws {
        let sandbox = try Sandbox()
        let path = try sandbox.file("broken.yaml", appCatalog(versions: [("v1.0.0", "x", "Answer {{ticket}}.")]))
        let result = await sandbox.run("--catalog", path, "presets", "create", "Mine")
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("Cannot load the catalog file '\(path)'"))
        #expect(result.standardError.contains("$.operations[0].defaults[0].version: 'v1.0.0' is not a version like 1.2.0"))
        #expect(result.standardError.contains("prompt-presets catalog check \(path)"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.storePath), "no store was created")
    }

    @Test func aStoreBelongsToTheFirstCatalogThatOpensItAndRefusesOthers() async throws {
        let sandbox = try Sandbox()
        let path = try sandbox.file("app.yaml", appCatalog(versions: firstVersion))
        await sandbox.succeed("presets", "create", "Mine", environment: ["PROMPT_PRESETS_CATALOG": path])
        #expect(await sandbox.succeed("catalog", "--catalog", path).standardOutput.contains("reply"))

        let builtIn = await sandbox.run("presets", "list")
        #expect(builtIn.exitCode == 1)
        #expect(builtIn.standardError.contains(
            "belongs to the catalog 'support-desk', not 'auto-recap'. Open it with the 'support-desk' catalog (its file with --catalog)"))
        let other = try sandbox.file("other.yaml", appCatalog(name: "other-app", versions: firstVersion))
        let refused = await sandbox.run("--catalog", other, "presets", "create", "Theirs")
        #expect(refused.exitCode == 1)
        #expect(refused.standardError.contains("'support-desk', not 'other-app'"))
        #expect(refused.standardError.contains("give --store a new store for 'other-app'"))
        let names = try sandbox.snapshot(catalog: path).presets.values.map(\.name)
        #expect(names.contains("Mine"))
        #expect(!names.contains("Theirs"), "nothing was written")
    }

    @Test func aStoreMadeBeforeCatalogNamesAdoptsTheFirstCatalogThatOpensIt() async throws {
        let sandbox = try Sandbox()
        _ = try SQLiteStore(path: sandbox.storePath)
        #expect(try storeSetting("catalog_name", in: sandbox) == nil)
        await sandbox.succeed("presets", "list")
        #expect(try storeSetting("catalog_name", in: sandbox) == "auto-recap")
        let path = try sandbox.file("app.yaml", appCatalog(versions: firstVersion))
        let refused = await sandbox.run("--catalog", path, "presets", "list")
        #expect(refused.exitCode == 1)
        #expect(refused.standardError.contains("belongs to the catalog 'auto-recap', not 'support-desk'"))
        #expect(refused.standardError.contains("the built-in one: leave out --catalog and $PROMPT_PRESETS_CATALOG"))
    }

    @Test func serveRefusesAStoreOfAnotherCatalog() async throws {
        let sandbox = try Sandbox()
        await sandbox.succeed("presets", "list")
        let path = try sandbox.file("app.yaml", appCatalog(versions: firstVersion))
        let result = await sandbox.run("serve", "--port", "0", "--catalog", path)
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("belongs to the catalog 'auto-recap', not 'support-desk'"))
        #expect(try storeSetting(ServeTokenSetting.name, in: sandbox) == nil, "no admin token was made")
    }

    @Test func aNewDefaultVersionInTheFileShowsUpInUpdatesForUsersWhoCustomisedIt() async throws {
        let sandbox = try Sandbox()
        let path = try sandbox.file("app.yaml", appCatalog(versions: firstVersion))
        let app = ["PROMPT_PRESETS_CATALOG": path]
        await sandbox.succeed("presets", "create", "Mine", environment: app)
        await sandbox.succeed("presets", "create", "Untouched", environment: app)
        await sandbox.succeed("edit", "Mine", "reply", "--set", "prefill=Dear customer,", environment: app)
        #expect(await sandbox.succeed("updates", environment: app).standardOutput == "No updates pending.\n")

        // The application ships 1.1.0 by editing its file.
        try appCatalog(versions: secondVersion).write(toFile: path, atomically: true, encoding: .utf8)
        let updates = parseArray(await sandbox.succeed("updates", "list", "--json", environment: app).standardOutput)
        #expect(updates.count == 1)
        #expect((updates.first?["preset"] as? [String: Any])?["name"] as? String == "Mine")
        #expect(updates.first?["operation"] as? String == "reply")
        #expect(updates.first?["from"] as? String == "1.0.0")
        #expect(updates.first?["to"] as? String == "1.1.0")
        #expect(updates.first?["changelog"] as? [String] == ["1.1.0: Asks for the order number."])
        let pending = await sandbox.run("updates", "--check", environment: app)
        #expect(pending.exitCode == 3)
        // Who never customised it gets the new default with nothing to do.
        let resolved = parseObject(await sandbox.succeed("resolve", "reply", "--json", environment: app).standardOutput)
        #expect((resolved["config"] as? [String: Any])?["prompt"] as? String == "Answer {{ticket}}; ask for the order number.")
    }
}

extension Sandbox {
    /// Everything the store holds now, read with the catalog file at `path`.
    func snapshot(catalog path: String) throws -> Snapshot {
        let catalog = try CatalogFile.load(try Data(contentsOf: URL(fileURLWithPath: path)), format: .yaml).catalog
        return try SQLiteStore(path: storePath).loadSnapshot(catalog: catalog)
    }
}

/// A setting of the sandbox's store, read without async (the store's synchronous read).
private func storeSetting(_ key: String, in sandbox: Sandbox) throws -> String? {
    let store = try SQLiteStore(path: sandbox.storePath)
    return try store.setting(key)
}

/// The setting `serve` keeps its admin token's hash in.
private enum ServeTokenSetting {
    static let name = "admin_token_sha256"
}
