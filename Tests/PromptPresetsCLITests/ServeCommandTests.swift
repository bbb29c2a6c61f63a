import Foundation
@testable import PromptPresetsCLI
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
        #expect(try await store.setting(ServeCommand.tokenHashSetting) == AdminToken.hash(of: printed))
        #expect(try await store.setting(ServeCommand.tokenHashSetting) != printed)

        // Later runs keep it without printing it again.
        let (again, laterLines) = try await command.establishToken(store: store, environment: [:])
        #expect(again == token)
        #expect(!laterLines.joined().contains(printed))
    }

    @Test func theEnvironmentOrATokenFileSetsTheToken() async throws {
        let sandbox = try Sandbox()
        let store = try SQLiteStore(path: sandbox.storePath)
        let fromEnvironment = try await ServeCommand.parse([]).establishToken(
            store: store, environment: ["PROMPT_PRESETS_TOKEN": "chosen-token-0123456789"])
        #expect(fromEnvironment.0.matches("chosen-token-0123456789"))

        let file = sandbox.directory.appendingPathComponent("token").path
        try "file-token-0123456789\n".write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try await ServeCommand.parse(["--token-file", file]).establishToken(store: store, environment: [:])
        #expect(fromFile.0.matches("file-token-0123456789"))
        #expect(try await store.setting(ServeCommand.tokenHashSetting) == AdminToken.hash(of: "file-token-0123456789"))

        try "short\n".write(toFile: file, atomically: true, encoding: .utf8)
        await #expect(throws: (any Error).self) {
            try await ServeCommand.parse(["--token-file", file]).establishToken(store: store, environment: [:])
        }
    }

    @Test func badOptionsAreUsageErrors() async throws {
        let sandbox = try Sandbox()
        for arguments in [["serve", "--port", "70000"], ["serve", "--rotate-token", "--token-file", "x"], ["serve", "--max-body-size", "10"]] {
            let result = await CLI.run(arguments, environment: sandbox.environment)
            #expect(result.exitCode == CLI.Exit.usage, "\(arguments)")
        }
    }
}
