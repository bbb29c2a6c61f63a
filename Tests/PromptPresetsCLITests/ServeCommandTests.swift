import Foundation
@testable import PromptPresetsCLI
import PromptPresets
import PromptPresetsServer
import PromptPresetsSQLite
import Testing

@Suite struct ServeCommandTests {
    @Test func firstRunGeneratesATokenAndStoresOnlyItsHash() async throws {
        let sandbox = try Sandbox()
        let store = try SQLiteStore(path: sandbox.storePath)
        let command = try ServeCommand.parse(["--store", sandbox.storePath])
        let (token, lines) = try await command.establishToken(store: store, environment: [:])
        let printed = try #require(lines.first?.split(separator: " ").last.map(String.init))
        #expect(printed.count == 64)
        #expect(token.matches(printed))
        let stored = try #require(try await store.setting(ServeCommand.tokenHashSetting))
        #expect(stored == token.hash)
        #expect(!stored.contains(printed))
        #expect(AdminToken(hash: stored).matches(printed))

        // Later runs keep it without printing it again.
        let (again, laterLines) = try await command.establishToken(store: store, environment: [:])
        #expect(again.hash == token.hash)
        #expect(again.matches(printed))
        #expect(!laterLines.joined().contains(printed))
    }

    @Test func theEnvironmentOrATokenFileSetsTheToken() async throws {
        let sandbox = try Sandbox()
        let store = try SQLiteStore(path: sandbox.storePath)
        let chosen = "chosen-token-0123456789abcdef0123456789"
        let fromEnvironment = try await ServeCommand.parse([]).establishToken(store: store, environment: ["PROMPT_PRESETS_TOKEN": chosen])
        #expect(fromEnvironment.0.matches(chosen))

        let file = sandbox.directory.appendingPathComponent("token").path
        let fileToken = "file-token-0123456789abcdef0123456789"
        try "\(fileToken)\n".write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try await ServeCommand.parse(["--token-file", file]).establishToken(store: store, environment: [:])
        #expect(fromFile.0.matches(fileToken))
        #expect(AdminToken(hash: try #require(try await store.setting(ServeCommand.tokenHashSetting))).matches(fileToken))
        #expect(!AdminToken(hash: try #require(try await store.setting(ServeCommand.tokenHashSetting))).matches(chosen))
    }

    @Test func aChosenTokenNeedsThirtyTwoCharacters() async throws {
        let sandbox = try Sandbox()
        let store = try SQLiteStore(path: sandbox.storePath)
        let file = sandbox.directory.appendingPathComponent("token").path
        // 16 and 31 characters, once accepted: a dictionary word plus digits is guessable offline.
        for short in ["password12345678", "correct-horse-battery-staple-01"] {
            try "\(short)\n".write(toFile: file, atomically: true, encoding: .utf8)
            await #expect {
                try await ServeCommand.parse(["--token-file", file]).establishToken(store: store, environment: [:])
            } throws: { error in
                "\(error)".contains("at least 32 characters")
            }
            await #expect(throws: (any Error).self) {
                try await ServeCommand.parse([]).establishToken(store: store, environment: ["PROMPT_PRESETS_TOKEN": short])
            }
        }
        #expect(try await store.setting(ServeCommand.tokenHashSetting) == nil, "a refused token stores nothing")
    }

    @Test func aStoreFromBeforeSaltingStillSignsInAndGetsASaltedHash() async throws {
        let sandbox = try Sandbox()
        let store = try SQLiteStore(path: sandbox.storePath)
        let old = "token-of-an-older-store-0123456789"
        try await store.setSetting(ServeCommand.tokenHashSetting, to: Checksum.sha256Hex(old.utf8))
        let (admin, _) = try await ServeCommand.parse([]).establishToken(store: store, environment: [:])
        #expect(admin.matches(old))
        // The replacement is written in the background of the sign-in; wait for it.
        var upgraded = try #require(try await store.setting(ServeCommand.tokenHashSetting))
        for _ in 0..<500 where !upgraded.hasPrefix("pbkdf2-sha256$") {
            try await Task.sleep(for: .milliseconds(10))
            upgraded = try #require(try await store.setting(ServeCommand.tokenHashSetting))
        }
        #expect(upgraded.hasPrefix("pbkdf2-sha256$"), "the first sign-in replaces the unsalted hash")
        #expect(AdminToken(hash: upgraded).matches(old))
    }

    @Test func aTokenFileOthersCanReadIsWarnedAbout() throws {
        let sandbox = try Sandbox()
        let file = sandbox.directory.appendingPathComponent("token").path
        try "token-file-0123456789abcdef0123456789\n".write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        let warning = try #require(try ServeCommand.parse(["--token-file", file]).tokenFileWarning())
        #expect(warning.contains("mode 644"))
        #expect(warning.contains("chmod 600"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        #expect(try ServeCommand.parse(["--token-file", file]).tokenFileWarning() == nil)
    }

    @Test func badOptionsAreUsageErrors() async throws {
        let sandbox = try Sandbox()
        for arguments in [
            ["serve", "--port", "70000"], ["serve", "--rotate-token", "--token-file", "x"], ["serve", "--max-body-size", "10"],
            ["serve", "--header-timeout", "0"], ["serve", "--body-timeout", "-1"], ["serve", "--max-connections", "0"],
            ["serve", "--public-name", "evil.test/path"], ["serve", "--log-level", "loud"],
        ] {
            let result = await CLI.run(arguments, environment: sandbox.environment)
            #expect(result.exitCode == CLI.Exit.usage, "\(arguments)")
        }
    }
}
