import Testing
@testable import PromptPresetsCLI

@Suite("mcp")
struct MCPCommandTests {
    @Test("is listed and explains that it speaks MCP over standard input and output")
    func help() async throws {
        let sandbox = try Sandbox()
        #expect(await sandbox.run("--help").standardOutput.contains("mcp"))
        let help = await sandbox.run("mcp", "--help")
        #expect(help.exitCode == 0)
        #expect(help.standardOutput.contains("standard input"))
        #expect(help.standardOutput.contains("--store"))
    }

    @Test("refuses an unknown log level, naming it")
    func badLogLevel() async throws {
        let result = await (try Sandbox()).run("mcp", "--log-level", "loud")
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("loud"))
    }
}
