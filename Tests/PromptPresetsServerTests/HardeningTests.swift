import Foundation
import Hummingbird
import HummingbirdTesting
import PromptPresets
@testable import PromptPresetsServer
import Testing

/// §10.6 and §8.9 at the router: who may read what, sign-in limits, logout, and errors a user can act on.
@Suite struct HardeningTests {
    @Test func theHostAllowlistNamesTheServerOnly() {
        let allowlist = ServerConfiguration(host: "127.0.0.1", publicNames: ["Presets.Example.test"]).hostAllowlist
        for host in ["127.0.0.1", "127.0.0.1:8080", "localhost:8080", "LOCALHOST", "presets.example.test", "presets.example.test.:443"] {
            #expect(allowlist.allows(host), "\(host)")
        }
        for host in ["evil.test", "evil.test:8080", "127.evil.test", "127.0.0.1.evil.test", "[::1]:8080", "0.0.0.0", ""] {
            #expect(!allowlist.allows(host), "\(host)")
        }
        let v6 = ServerConfiguration(host: "::1").hostAllowlist
        #expect(v6.allows("[::1]:8080"))
        #expect(!v6.allows("127.0.0.1"))
    }

    @Test func loopbackIsDecidedFromTheResolvedAddressNotTheName() {
        // Looks like 127.x but is a name that resolves elsewhere (here: nowhere).
        let lookalike = ServerConfiguration(host: "127.evil.test")
        #expect(lookalike.openReads == false)
        #expect(lookalike.boundAddress == nil)
        #expect(ServerConfiguration(host: "127.0.0.2").openReads)
        #expect(ServerConfiguration(host: "localhost").openReads)
        #expect(ServerConfiguration(host: "::1").openReads)
        #expect(ServerConfiguration(host: "0.0.0.0").openReads == false)
    }

    @Test func exportingSecretsNeedsTheTokenEvenWhenReadsAreOpen() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let created = try await client.send(.post, "/api/v1/presets", json: .object(["name": "Leaky"]))
            let id = try #require(created.json["id"]?.stringValue)
            let plain = try await client.send(.get, "/api/v1/export?preset=\(id)", token: nil)
            #expect(plain.status == .ok, "open reads still export what has no secret")
            let anonymous = try await client.send(.get, "/api/v1/export?preset=\(id)&allowSecrets=true", token: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.json["message"]?.stringValue?.contains("allowSecrets=true needs") == true)
            let withToken = try await client.send(.get, "/api/v1/export?preset=\(id)&allowSecrets=true")
            #expect(withToken.status == .ok)
        }
    }

    @Test func logoutFromAnotherSiteOrWithoutTheCSRFTokenChangesNothing() async throws {
        let server = try await TestServer()
        let session = try #require(try await server.dependencies.sessions.signIn(token: testToken))
        try await server.test { client in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            // A cross-site page posting the form: the browser sends no cookie (SameSite=Strict).
            var crossSite = form
            crossSite[.secFetchSite] = "cross-site"
            let anonymous = try await client.execute(uri: "/logout", method: .post, headers: crossSite, body: ByteBuffer(string: ""))
            #expect(anonymous.status == .forbidden)
            #expect(anonymous.headers[.setCookie] == nil, "a cross-site post must not clear the cookie")
            // Even with the cookie and the right token, another site's post is refused.
            var withCookie = crossSite
            withCookie[.cookie] = "pp_session=\(session.id)"
            let refused = try await client.execute(
                uri: "/logout", method: .post, headers: withCookie, body: ByteBuffer(string: "csrf=\(session.csrfToken)"))
            #expect(refused.status == .forbidden)
            #expect(await server.dependencies.sessions.session(id: session.id) != nil)
            // This site's page without a session: nothing to end, no cookie touched.
            let nothing = try await client.execute(uri: "/logout", method: .post, headers: form, body: ByteBuffer(string: ""))
            #expect(nothing.status == .seeOther)
            #expect(nothing.headers[.setCookie] == nil)
        }
    }

    @Test func wrongTokensFromOneAddressAreLimited() async throws {
        let clock = Locked(Date(timeIntervalSince1970: 1_000_000))
        let limiter = SignInLimiter(maxFailures: 3, window: 60) { clock.withLock { $0 } }
        let server = try await TestServer(limiter: limiter)
        try await server.test { client in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            for _ in 0..<3 {
                let wrong = try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "token=guess"))
                #expect(wrong.status == .unauthorized)
            }
            let limited = try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "token=\(testToken)"))
            #expect(limited.status == .tooManyRequests, "even the right token waits once the limit is reached")
            #expect(limited.headers[.retryAfter] == "60")
            let bearer = try await client.send(.get, "/api/v1/presets", token: "another-guess")
            #expect(bearer.status == .tooManyRequests, "bearer guesses count against the same limit")

            clock.withLock { $0 = $0.addingTimeInterval(61) }
            let later = try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "token=\(testToken)"))
            #expect(later.status == .seeOther)
        }
    }

    @Test func anUnknownConnectionProfileIDIsRefusedByTheAPI() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let created = try await client.send(.post, "/api/v1/presets", json: .object(["name": "Mine"]))
            let preset = try #require(created.json["id"]?.stringValue)
            let opened = try await client.send(
                .post, "/api/v1/sessions", json: .object(["preset": .string(preset), "operation": "scene_recap"]))
            let session = try #require(opened.json["session"]?["id"]?.stringValue, "\(opened.text)")
            let revision = try #require(opened.json["session"]?["revision"]?.intValue)
            let refused = try await client.send(
                .patch, "/api/v1/sessions/\(session)", json: .object(["set": .object(["connection_profile": "no-such-profile"])]),
                headers: [.ifMatch: "\"\(revision)\""])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.json["message"]?.stringValue?.contains("scene_recap.connection_profile: no connection profile has the id 'no-such-profile'") == true,
                    "\(refused.text)")

            let profile = try await client.send(.post, "/api/v1/connections", json: .object(["name": "Work", "api": "openai"]))
            let profileID = try #require(profile.json["id"]?.stringValue, "\(profile.text)")
            let accepted = try await client.send(
                .patch, "/api/v1/sessions/\(session)", json: .object(["set": .object(["connection_profile": .string(profileID)])]),
                headers: [.ifMatch: "\"\(revision)\""])
            #expect(accepted.status == .ok, "\(accepted.text)")
        }
    }

    /// What an engine reports when its disk is full (SQLite's `diskFull`, for one).
    struct FullDisk: StoreEngineError {
        var isStorageFull: Bool { true }
        var description: String { "The disk holding the store at /data/store.sqlite is full; nothing was written." }
    }

    @Test func aFullDiskIsInsufficientStorageWithTheMessage() throws {
        let (status, code, message) = ErrorMiddleware<AppRequestContext>.map(FullDisk())
        #expect(status.code == 507)
        #expect(code == "insufficient_storage")
        #expect(message.contains("is full; nothing was written"))
    }

    @Test func chatsResolvingToTheSameRowShareOneEncodedAnswer() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let a = try await client.send(.get, "/api/v1/resolve?operation=scene_recap&chat=a", token: nil)
            let b = try await client.send(.get, "/api/v1/resolve?operation=scene_recap&chat=b", token: nil)
            #expect(a.status == .ok)
            #expect(a.text == b.text)
            #expect(a.headers[.eTag] == b.headers[.eTag])
            #expect(a.headers[.contentType] == "application/json; charset=utf-8")
            #expect(a.headers[.xContentTypeOptions] == "nosniff")

            let created = try await client.send(.post, "/api/v1/presets", json: .object(["name": "Alice"]))
            let id = try #require(created.json["id"]?.stringValue)
            try await client.send(.put, "/api/v1/bindings", json: .object(["scope": "chat", "key": "a", "preset": .string(id)]))
            let boundA = try await client.send(.get, "/api/v1/resolve?operation=scene_recap&chat=a", token: nil)
            let stillB = try await client.send(.get, "/api/v1/resolve?operation=scene_recap&chat=b", token: nil)
            #expect(boundA.json["preset"]?.stringValue == "Alice")
            #expect(boundA.headers[.eTag] != a.headers[.eTag])
            #expect(stillB.json["preset"]?.stringValue == "Default")
            #expect(stillB.headers[.eTag] == b.headers[.eTag], "an answer that did not change keeps its ETag")
            let twice = try await client.send(
                .get, "/api/v1/resolve?operation=scene_recap&chat=a&chat=b", token: nil)
            #expect(twice.status == .badRequest)
        }
    }
}
