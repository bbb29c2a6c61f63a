import Foundation
import Hummingbird
import HummingbirdTesting
import PromptPresets
@testable import PromptPresetsServer
import Testing

/// The page's panels as a signed-in browser loads them: what is bound where, suggestions for
/// the context bar, connection profiles, the audit log, and prompt previews.
extension WebUITests {
    /// Binds chat `chat-7` and character `Alice` to a new preset `Noir`; returns its id.
    private func bindSome(_ client: any TestClientProtocol) async throws -> String {
        let created = try await client.send(.post, "/api/v1/presets", json: .object(["name": "Noir"]))
        let id = try #require(created.json["id"]?.stringValue)
        for (scope, key) in [("chat", "chat-7"), ("character", "Alice")] {
            let bound = try await client.send(.put, "/api/v1/bindings", json: .object(["scope": .string(scope), "key": .string(key), "preset": .string(id)]))
            #expect(bound.status == .ok, "\(bound.text)")
        }
        return id
    }

    private func preview(_ client: any TestClientProtocol, _ form: String, cookie: String) async throws -> (status: HTTPResponse.Status, html: String) {
        let response = try await client.execute(
            uri: "/web/preview", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: form))
        return (response.status, String(buffer: response.body))
    }

    private func get(_ client: any TestClientProtocol, _ uri: String, cookie: String) async throws -> (status: HTTPResponse.Status, html: String) {
        let response = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
        return (response.status, String(buffer: response.body))
    }

    @Test func theBindingsPanelFiltersBySearchScopeAndPreset() async throws {
        try await TestServer().test { client in
            let (cookie, _) = try await signIn(client)
            let noir = try await bindSome(client)

            let all = try await get(client, "/web/bindings", cookie: cookie)
            #expect(all.status == .ok)
            #expect(all.html.contains("2 bindings"))
            #expect(all.html.contains("data-key=\"chat-7\"") && all.html.contains("data-key=\"Alice\""))

            let searched = try await get(client, "/web/bindings?q=alice", cookie: cookie)
            #expect(searched.html.contains("data-key=\"Alice\"") && !searched.html.contains("data-key=\"chat-7\""))
            #expect(searched.html.contains("1 of 2 bindings match"))

            let chats = try await get(client, "/web/bindings?scope=chat", cookie: cookie)
            #expect(chats.html.contains("data-key=\"chat-7\"") && !chats.html.contains("data-key=\"Alice\""))

            let byPreset = try await get(client, "/web/bindings?preset=default", cookie: cookie)
            #expect(byPreset.html.contains("Nothing is bound that matches."))
            let byNoir = try await get(client, "/web/bindings?preset=\(noir)&q=noir", cookie: cookie)
            #expect(byNoir.html.contains("2 of 2 bindings match") || byNoir.html.contains("2 bindings"), "the preset's name matches the search")

            let anonymous = try await client.execute(uri: "/web/bindings", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func theContextBarIsOfferedBoundKeysAsTheUserTypes() async throws {
        try await TestServer().test { client in
            let (cookie, _) = try await signIn(client)
            _ = try await bindSome(client)
            let chats = try await get(client, "/web/keys?scope=chat&q=7", cookie: cookie)
            #expect(chats.html.trimmingCharacters(in: .whitespacesAndNewlines) == "<option value=\"chat-7\"></option>")
            let characters = try await get(client, "/web/keys?scope=character&q=ALI", cookie: cookie)
            #expect(characters.html.contains("value=\"Alice\""))
            let none = try await get(client, "/web/keys?scope=character&q=bob", cookie: cookie)
            #expect(!none.html.contains("<option"))
            let profiles = try await get(client, "/web/keys?scope=profile", cookie: cookie)
            #expect(profiles.html.contains("value=\"Default\""), "the default profile is always offered")
            let unknown = try await get(client, "/web/keys?scope=planet", cookie: cookie)
            #expect(unknown.status == .ok && !unknown.html.contains("<option"))
        }
    }

    @Test func thePageShowsEveryOperationsResolutionAtAGlance() async throws {
        try await TestServer().test { client in
            let (cookie, _) = try await signIn(client)
            _ = try await bindSome(client)
            let page = try await get(client, "/?chat=chat-7", cookie: cookie)
            #expect(page.html.contains("data-testid=\"glance-scene_recap\""))
            #expect(page.html.contains("<td>Noir</td><td>chat &#39;chat-7&#39;</td>") || page.html.contains("<td>Noir</td><td>chat &#x27;chat-7&#x27;</td>"),
                    "each row names the preset and where it came from")
        }
    }

    @Test func thePreviewRendersSampleValuesAndNamesWhatIsMissing() async throws {
        try await TestServer().test { client in
            let (cookie, _) = try await signIn(client)
            let filled = try await preview(
                client, "operation=scene_recap&preset=default&var.scene_messages=\(encoded("Alice: <hi>\nBob: bye"))", cookie: cookie)
            #expect(filled.status == .ok)
            #expect(filled.html.contains("Alice: &lt;hi&gt;\nBob: bye"), "the multi-line sample value is in the prompt, escaped")
            #expect(!filled.html.contains("{{scene_messages}}"))
            #expect(!filled.html.contains("preview-missing"))

            let empty = try await preview(client, "operation=scene_recap&preset=default", cookie: cookie)
            #expect(empty.html.contains("Required and still empty: {{scene_messages}}"))

            let unknown = try await preview(client, "operation=nope&preset=default", cookie: cookie)
            #expect(unknown.status == .notFound)
            let noPreset = try await preview(client, "operation=scene_recap&preset=gone", cookie: cookie)
            #expect(noPreset.status == .notFound)
        }
    }

    @Test func theAuditPanelFiltersEntries() async throws {
        try await TestServer().test { client in
            let (cookie, _) = try await signIn(client)
            _ = try await bindSome(client)
            let all = try await get(client, "/web/audit", cookie: cookie)
            #expect(all.status == .ok)
            #expect(all.html.contains("data-testid=\"audit-row\""))
            let alice = try await get(client, "/web/audit?q=alice", cookie: cookie)
            #expect(alice.html.contains("Alice") && !alice.html.contains("chat-7"))
            let nothing = try await get(client, "/web/audit?q=zzz-nothing", cookie: cookie)
            #expect(nothing.html.contains("No entries match."))
        }
    }

    @Test func connectionProfilesAreListedWithTheirUsersAndDiffsShowTheirNames() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let (cookie, _) = try await signIn(client)
            let profile = try await client.send(.post, "/api/v1/connections", json: .object(["name": "Work GPU", "api": "openai"]))
            let profileID = try #require(profile.json["id"]?.stringValue)
            let created = try await client.send(.post, "/api/v1/presets", json: .object(["name": "Mine"]))
            let preset = try #require(created.json["id"]?.stringValue)
            let opened = try await client.send(.post, "/api/v1/sessions", json: .object(["preset": .string(preset), "operation": "scene_recap"]))
            let session = try #require(opened.json["session"]?["id"]?.stringValue)
            let revision = try #require(opened.json["session"]?["revision"]?.intValue)
            let set = try await client.send(
                .patch, "/api/v1/sessions/\(session)", json: .object(["set": .object(["connection_profile": .string(profileID)])]),
                headers: [.ifMatch: "\"\(revision)\""])
            #expect(set.status == .ok, "\(set.text)")
            let finished = try await client.send(.post, "/api/v1/sessions/\(session)/finish", headers: [.ifMatch: "\"\(revision + 1)\""])
            #expect(finished.status == .ok, "\(finished.text)")
            let version = try #require(server.library.snapshot.artifacts(of: "scene_recap").first?.name)

            let panel = try await get(client, "/web/connections", cookie: cookie)
            #expect(panel.html.contains("Work GPU") && panel.html.contains("openai"))
            #expect(panel.html.contains("Scene recap › \(version)") || panel.html.contains("› \(version)"), "\(panel.html)")

            let diff = try await get(client, "/web/diff?operation=scene_recap&from=Default&to=\(encoded(version))", cookie: cookie)
            #expect(diff.status == .ok)
            #expect(diff.html.contains("Work GPU"), "the diff names the profile")
            #expect(!diff.html.contains(">\(profileID)<"), "not its id")
        }
    }
}
