import Foundation
import Logging
import MCP
import Testing
@testable import PromptPresetsMCP

@Suite struct LineTransportTests {
    @Test func answersEachLineAndEndsWhenInputCloses() async throws {
        let fixture = try await MCPFixture()
        let toServer = Pipe(), fromServer = Pipe()
        let server = await PromptServer.make(library: fixture.library)
        try await server.start(transport: LineTransport(
            input: toServer.fileHandleForReading, output: fromServer.fileHandleForWriting, logger: Logger(label: "test")))
        let request = #"{"jsonrpc":"2.0","id":3,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"scene_recap"},"argument":{"name":"chat","value":"alice"}}}"#
        try toServer.fileHandleForWriting.write(contentsOf: Data((request + "\n").utf8))
        let line = try await Task.detached { try Self.readLine(from: fromServer.fileHandleForReading) }.value
        let answer = try JSONSerialization.jsonObject(with: line) as? [String: Any]
        #expect(answer?["id"] as? Int == 3)
        let completion = (answer?["result"] as? [String: Any])?["completion"] as? [String: Any]
        #expect(completion?["values"] as? [String] == ["alice-1", "alice-2"])
        try toServer.fileHandleForWriting.close()
        await server.waitUntilCompleted()
    }

    /// Reads up to the first newline.
    static func readLine(from handle: FileHandle) throws -> Data {
        var line = Data()
        while true {
            guard let byte = try handle.read(upToCount: 1), let first = byte.first else { return line }
            if first == UInt8(ascii: "\n") { return line }
            line.append(first)
        }
    }
}
