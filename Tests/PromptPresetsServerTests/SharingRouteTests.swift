import Foundation
import Hummingbird
import HummingbirdTesting
import PromptPresets
@testable import PromptPresetsServer
import Testing

@Suite struct SharingRouteTests {
    @Test func exportThenImportRoundTrips() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let (preset, _) = try await VersionRouteTests.presetWithVersion(client)
            let exported = try await client.send(.get, "/api/v1/export?preset=\(preset)&format=bundle")
            #expect(exported.status == .ok)
            #expect(exported.headers[.contentDisposition] == "attachment; filename=\"P.presets.json\"")
            #expect(exported.json["format"] == .string("prompt-presets.bundle"))

            let dryRun = try await client.send(.post, "/api/v1/import?dryRun=true", body: exported.text)
            #expect(dryRun.status == .ok)
            #expect(dryRun.json["dryRun"] == .bool(true))
            #expect(try server.stored().presets.count == 1)

            let imported = try await client.send(.post, "/api/v1/import?format=bundle", body: exported.text)
            #expect(imported.status == .created)
            #expect(imported.json["report"]?["createdPresets"]?[0]?["finalName"] == .string("P (1)"))
            #expect(imported.json["presets"]?.arrayValue?.count == 1)
            #expect(try server.stored().presets.count == 2)
        }
    }

    @Test func extensionFormatExportsOnePreset() async throws {
        try await TestServer().test { client in
            let exported = try await client.send(.get, "/api/v1/export?preset=default&format=extension")
            #expect(exported.status == .ok)
            #expect(exported.json["format_version"] == .string("1.0"))
            let two = try await client.send(.get, "/api/v1/export?preset=default&preset=default&format=extension")
            #expect(two.status == .badRequest)
            let none = try await client.send(.get, "/api/v1/export")
            #expect(none.status == .badRequest)
            let unknown = try await client.send(.get, "/api/v1/export?preset=nope")
            #expect(unknown.status == .notFound)
            let badFormat = try await client.send(.get, "/api/v1/export?preset=default&format=zip")
            #expect(badFormat.status == .badRequest)
        }
    }

    @Test func badImportsChangeNothing() async throws {
        let server = try await TestServer(configuration: ServerConfiguration(maxImportSize: 2_000))
        try await server.test { client in
            let before = try server.stored()
            let malformed = try await client.send(.post, "/api/v1/import", body: "{\"format\": ")
            #expect(malformed.status == .badRequest)
            let notObject = try await client.send(.post, "/api/v1/import", body: "[1, 2]")
            #expect(notObject.status == .unprocessableContent)
            let wrongFormat = try await client.send(.post, "/api/v1/import", body: "{\"format\": \"something-else\", \"version\": 1}")
            #expect(wrongFormat.status == .unprocessableContent)
            let unknownOperation = try await client.send(
                .post, "/api/v1/import?format=extension",
                body: #"{"format_version": "1.0", "preset_name": "X", "operations": {"made_up": {"prompt": "x"}}}"#)
            #expect(unknownOperation.status == .unprocessableContent)
            #expect(unknownOperation.json["message"]?.stringValue?.contains("made_up") == true)
            let badQuery = try await client.send(.post, "/api/v1/import?format=zip", body: "{}")
            #expect(badQuery.status == .badRequest)
            let badFlag = try await client.send(.post, "/api/v1/import?dryRun=maybe", body: "{}")
            #expect(badFlag.status == .badRequest)
            let tooLarge = try await client.send(.post, "/api/v1/import", body: "{\"x\": \"" + String(repeating: "a", count: 3_000) + "\"}")
            #expect(tooLarge.status == .contentTooLarge)
            let empty = try await client.send(.post, "/api/v1/import")
            #expect(empty.status == .badRequest)
            #expect(try server.stored() == before)
        }
    }
}
