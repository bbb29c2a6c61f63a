import Crypto
import Foundation
import HummingbirdTesting
import PromptPresets
import PromptPresetsAPI
import PromptPresetsCatalogs
@testable import PromptPresetsServer
import Testing

@Suite struct OpenAPIYAMLTests {
    /// The YAML file in the repository, the API's source of truth.
    static func repositoryYAML() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("Sources/PromptPresetsServer/Resources/openapi.yaml"), encoding: .utf8)
    }

    @Test func theServedDocumentIsTheRepositoryYAML() async throws {
        let expected = try YAMLText.parse(try Self.repositoryYAML()).value
        try await TestServer().test { client in
            let response = try await client.send(.get, "/api/v1/openapi.json", token: nil)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            #expect(response.headers[.cacheControl] == "no-cache")
            #expect(response.json == expected)
            #expect(response.text == expected.canonicalText)
        }
    }

    /// The committed server protocol, types and client were generated from this very document.
    @Test func theGeneratedCodeComesFromThisDocument() throws {
        let digest = SHA256.hash(data: Data(try Self.repositoryYAML().utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(digest == GeneratedFrom.documentSHA256, "openapi.yaml changed: run Scripts/generate-openapi.sh and commit its output")
    }

    /// The YAML spells out what code once derived: the origins a stored version can have.
    @Test func theDocumentedArtifactOriginsAreTheModelsOrigins() throws {
        let document = try YAMLText.parse(try Self.repositoryYAML()).value
        let origins = document["components"]?["schemas"]?["Artifact"]?["properties"]?["origin"]?["enum"]?.arrayValue
        #expect(origins == ArtifactOrigin.allCases.map { .string($0.rawValue) })
    }

    @Test func numbersBooleansNullAndQuotedTextKeepTheirTypes() throws {
        let value = try YAMLText.parse("""
            minimum: 1
            required: false
            default: null
            ratio: 1.5
            version: "1.0.0"
            responses:
              200: {description: plain key}
              '404': {description: quoted key}
            """).value
        #expect(value == .object([
            "minimum": .int(1), "required": .bool(false), "default": .null, "ratio": .double(1.5), "version": .string("1.0.0"),
            "responses": .object([
                "200": .object(["description": .string("plain key")]),
                "404": .object(["description": .string("quoted key")]),
            ]),
        ]))
    }

    @Test func brokenYAMLNamesTheLine() throws {
        let error = try #require(throws: YAMLText.ParseError.self) {
            try YAMLText.parse("openapi: 3.1.0\ninfo:\n  title: [unclosed\n").value
        }
        #expect(error.line == 4)
        #expect(error.description.hasPrefix("line 4: "))
    }

    @Test func aKeyWrittenTwiceIsRefusedNamingIt() throws {
        let error = try #require(throws: YAMLText.ParseError.self) {
            try YAMLText.parse("paths:\n  /a: {}\n  /a: {}\n").value
        }
        #expect(error.description.contains("'/a' appears twice"))
        #expect(error.line != nil)
    }

    @Test func emptyTextIsRefused() throws {
        let error = try #require(throws: YAMLText.ParseError.self) { try YAMLText.parse("").value }
        #expect(error.message == "the text is empty: it holds no YAML document")
    }
}
