import Hummingbird
import HummingbirdTesting
import PromptPresets
@testable import PromptPresetsServer
import Testing

@Suite struct AuthenticationTests {
    @Test func writesNeedTheToken() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let missing = try await client.send(.post, "/api/v1/presets", json: .object(["name": "A"]), token: nil)
            #expect(missing.status == .unauthorized)
            #expect(missing.errorCode == "unauthorized")
            #expect(missing.headers[.wwwAuthenticate] != nil)
            let wrong = try await client.send(.post, "/api/v1/presets", json: .object(["name": "A"]), token: "wrong")
            #expect(wrong.status == .unauthorized)
            let basic = try await client.send(.post, "/api/v1/presets", json: .object(["name": "A"]), token: nil,
                                              headers: [.authorization: "Basic dXNlcjpwYXNz"])
            #expect(basic.status == .unauthorized)
            #expect(try server.stored().presets.isEmpty)
        }
    }

    @Test func readsAreOpenOnLoopbackButAWrongTokenIsStillRefused() async throws {
        try await TestServer().test { client in
            do {
                let response = try await client.send(.get, "/api/v1/presets", token: nil)
                #expect(response.status == .ok)
            }
            do {
                let response = try await client.send(.get, "/api/v1/presets", token: "wrong")
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func closedReadsNeedTheToken() async throws {
        #expect(ServerConfiguration(host: "0.0.0.0").openReads == false)
        #expect(ServerConfiguration(host: "127.0.0.1").openReads == true)
        try await TestServer(configuration: ServerConfiguration(host: "0.0.0.0")).test { client in
            do {
                let response = try await client.send(.get, "/api/v1/presets", token: nil)
                #expect(response.status == .unauthorized)
            }
            do {
                let response = try await client.send(.get, "/api/v1/resolve", token: nil)
                #expect(response.status == .unauthorized)
            }
            do {
                let response = try await client.send(.get, "/api/v1/presets")
                #expect(response.status == .ok)
            }
            do {
                let response = try await client.send(.get, "/healthz", token: nil)
                #expect(response.status == .ok)
            }
        }
    }

    @Test func cookieSessionsNeedTheCSRFToken() async throws {
        let server = try await TestServer()
        #expect(try await server.dependencies.sessions.signIn(token: "wrong") == nil)
        let session = try #require(try await server.dependencies.sessions.signIn(token: testToken))
        let cookie = server.dependencies.sessions.cookie(for: session)
        #expect(cookie.httpOnly)
        #expect(cookie.sameSite == .strict)
        #expect(cookie.path == "/")
        #expect(cookie.name == "pp_session")
        try await server.test { client in
            let cookieHeader: HTTPFields = [.cookie: "pp_session=\(session.id)"]
            let read = try await client.send(.get, "/api/v1/presets", token: nil, headers: cookieHeader)
            #expect(read.status == .ok)
            let noCSRF = try await client.send(.post, "/api/v1/presets", json: .object(["name": "A"]), token: nil, headers: cookieHeader)
            #expect(noCSRF.status == .forbidden)
            var wrongCSRF = cookieHeader
            wrongCSRF[.csrfToken] = "nope"
            do {
                let response = try await client.send(.post, "/api/v1/presets", json: .object(["name": "A"]), token: nil, headers: wrongCSRF)
                #expect(response.status == .forbidden)
            }
            var withCSRF = cookieHeader
            withCSRF[.csrfToken] = session.csrfToken
            let created = try await client.send(.post, "/api/v1/presets", json: .object(["name": "A"]), token: nil, headers: withCSRF)
            #expect(created.status == .created)
            let audit = try await client.send(.get, "/api/v1/audit?limit=1")
            #expect(audit.json[0]?["actor"]?.stringValue?.hasPrefix("web:") == true)

            try await server.dependencies.sessions.signOut(id: session.id)
            let signedOut = try await client.send(.post, "/api/v1/presets", json: .object(["name": "B"]), token: nil, headers: withCSRF)
            #expect(signedOut.status == .unauthorized)
        }
    }

    @Test func adminTokenIsStoredSaltedAndSlow() {
        let token = AdminToken(token: "secret")
        #expect(token.matches("secret"))
        #expect(token.matches("secret"), "a repeat (answered from the verified digest) matches too")
        #expect(!token.matches("secret "))
        #expect(!token.matches(""))
        #expect(token.hash.hasPrefix("pbkdf2-sha256$\(AdminToken.rounds)$"))
        #expect(!token.hash.contains(Checksum.sha256Hex("secret".utf8)))
        #expect(AdminToken(token: "secret").hash != token.hash, "each hash has its own salt")
        #expect(AdminToken(hash: token.hash).matches("secret"), "the stored form verifies after a restart")
        #expect(!AdminToken(hash: "garbage").matches("garbage"))
        let generated = AdminToken.generate()
        #expect(generated.count == 64)
        #expect(generated != AdminToken.generate())
    }

    @Test func aLegacyUnsaltedHashStillSignsInAndIsReplacedBySaltedOne() {
        let upgraded = Locked<[String]>([])
        let legacy = AdminToken(hash: Checksum.sha256Hex("old-store-token".utf8)) { salted in upgraded.withLock { $0.append(salted) } }
        #expect(legacy.isLegacy)
        #expect(!legacy.matches("wrong"))
        #expect(upgraded.withLock { $0 }.isEmpty)
        #expect(legacy.matches("old-store-token"))
        #expect(legacy.matches("old-store-token"))
        let replacements = upgraded.withLock { $0 }
        #expect(replacements.count == 1, "the hash is replaced once")
        #expect(AdminToken(hash: replacements[0]).matches("old-store-token"))
        #expect(!AdminToken(hash: replacements[0]).isLegacy)
    }
}

@Suite struct BadInputTests {
    static let badBodies: [(String, String)] = [
        ("{\"name\": ", "truncated JSON"),
        ("not json", "not JSON"),
        ("[\"name\"]", "an array"),
        ("{\"name\": 12}", "a number for a string"),
        ("{\"name\": \"A\", \"extra\": true}", "an unknown field"),
        ("{\"name\": \"A\", \"name\": \"B\"}", "a duplicate key"),
        ("", "no body"),
    ]

    @Test(arguments: badBodies)
    func malformedBodiesAre400AndChangeNothing(body: String, what: String) async throws {
        let server = try await TestServer()
        try await server.test { client in
            let response = try await client.send(.post, "/api/v1/presets", body: body)
            #expect(response.status == .badRequest, "\(what)")
            #expect(response.errorCode == "bad_request")
            #expect(response.json["message"]?.stringValue?.isEmpty == false)
        }
        #expect(try server.stored().presets.isEmpty)
    }

    @Test func oversizedBodiesAre413() async throws {
        let server = try await TestServer(configuration: ServerConfiguration(maxBodySize: 1_000))
        try await server.test { client in
            let big = JSONValue.object(["name": .string(String(repeating: "x", count: 2_000))])
            let response = try await client.send(.post, "/api/v1/presets", json: big)
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "payload_too_large")
            // Without a Content-Length the limit holds while reading too.
            let streamed = try await client.execute(
                uri: "/api/v1/presets", method: .post,
                headers: [.authorization: "Bearer \(testToken)", .transferEncoding: "chunked"],
                body: ByteBuffer(string: big.canonicalText))
            #expect(streamed.status == .contentTooLarge)
        }
        #expect(try server.stored().presets.isEmpty)
    }

    @Test func controlCharactersInPathOrQueryAre400() async throws {
        try await TestServer().test { client in
            for uri in [
                "/api/v1/resolve?chat=a%00b", "/api/v1/resolve?chat=line%0Abreak", "/api/v1/presets/ab%07c",
                "/api/v1/bindings?scope=chat&key=%1B", "/api/v1/resolve?operation=scene_recap%0D",
            ] {
                let response = try await client.send(.get, uri)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.errorCode == "bad_request")
            }
            let malformed = try await client.send(.get, "/api/v1/resolve?chat=%zz")
            #expect(malformed.status == .badRequest)
        }
    }

    @Test func tenKilobyteValuesAre400() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let long = String(repeating: "a", count: 10_240)
            for uri in ["/api/v1/resolve?chat=\(long)", "/api/v1/presets/\(long)", "/api/v1/bindings?scope=chat&key=\(long)"] {
                let response = try await client.send(.get, uri)
                #expect(response.status == .badRequest)
            }
            let write = try await client.send(.delete, "/api/v1/bindings?scope=chat&key=\(long)")
            #expect(write.status == .badRequest)
        }
    }

    @Test func repeatedSingleValueQueryIs400() async throws {
        try await TestServer().test { client in
            let response = try await client.send(.get, "/api/v1/resolve?chat=a&chat=b")
            #expect(response.status == .badRequest)
        }
    }
}
