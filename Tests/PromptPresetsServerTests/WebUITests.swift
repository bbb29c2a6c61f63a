import Foundation
import Hummingbird
import HummingbirdTesting
import PromptPresets
@testable import PromptPresetsServer
import Testing

/// The web UI's routes in-process: sign-in, the page, its assets and fragments. The browser
/// suite (`Tests/browser`) drives the same pages in Chromium.
@Suite struct WebUITests {
    /// Signs in and returns the cookie header value and the page's CSRF token.
    func signIn(_ client: any TestClientProtocol) async throws -> (cookie: String, html: String) {
        let response = try await client.execute(
            uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "token=\(testToken)"))
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == "/")
        let setCookie = try #require(response.headers[.setCookie])
        #expect(setCookie.contains("HttpOnly"))
        #expect(setCookie.contains("SameSite=Strict"))
        let cookie = String(setCookie.split(separator: ";")[0])
        let page = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
        #expect(page.status == .ok)
        return (cookie, String(buffer: page.body))
    }

    @Test func signedOutVisitorsAreSentToTheSignInPage() async throws {
        try await TestServer().test { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/login")
            let login = try await client.execute(uri: "/login", method: .get)
            #expect(login.status == .ok)
            #expect(login.headers[.contentType] == "text/html; charset=utf-8")
            #expect(String(buffer: login.body).contains("name=\"token\""))
        }
    }

    @Test func aWrongTokenIsRefusedWithoutACookie() async throws {
        try await TestServer().test { client in
            let response = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=wrong"))
            #expect(response.status == .unauthorized)
            #expect(response.headers[.setCookie] == nil)
            #expect(String(buffer: response.body).contains("not the admin token"))
        }
    }

    @Test func theSignInLinkSignsOneBrowserInOnce() async throws {
        let server = try await TestServer()
        let code = server.dependencies.sessions.link.code
        try await server.test { client in
            let first = try await client.execute(uri: "/sign-in?code=\(code)", method: .get)
            #expect(first.status == .seeOther)
            #expect(first.headers[.location] == "/", "the code leaves the address bar")
            let cookie = String(try #require(first.headers[.setCookie]).split(separator: ";")[0])
            #expect(try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]).status == .ok)

            let again = try await client.execute(uri: "/sign-in?code=\(code)", method: .get)
            #expect(again.status == .forbidden)
            #expect(again.headers[.setCookie] == nil)
            #expect(String(buffer: again.body).contains("already used"))
            #expect(String(buffer: again.body).contains("Sign in with the admin token"))

            let wrong = try await client.execute(uri: "/sign-in?code=0123", method: .get)
            #expect(wrong.status == .forbidden)
            #expect(String(buffer: wrong.body).contains("not this server"))
        }
    }

    @Test func anExpiredSignInLinkSignsNobodyIn() async throws {
        let link = SignInLink(lifetime: 60, now: Date().addingTimeInterval(-120))
        #expect(link.redeem(link.code) == "That sign-in link has expired.")
        #expect(link.url(on: "http://127.0.0.1:8080") == "http://127.0.0.1:8080/sign-in?code=\(link.code)")
    }

    @Test func aCrossSiteSignInIsRefused() async throws {
        try await TestServer().test { client in
            let response = try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .origin: "https://evil.example"],
                body: ByteBuffer(string: "token=\(testToken)"))
            #expect(response.status == .forbidden)
            #expect(response.headers[.setCookie] == nil)
            let fetched = try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .secFetchSite: "cross-site"],
                body: ByteBuffer(string: "token=\(testToken)"))
            #expect(fetched.status == .forbidden)
        }
    }

    @Test func thePageEscapesUserTextAndCarriesTheCSRFToken() async throws {
        let server = try await TestServer()
        let hostile = "<script>alert(1)</script> & \"q\" 'a'"
        _ = try await server.library.perform(actor: "test") { snapshot, environment in
            try snapshot.createPreset(named: "Evil <b>name</b>", description: hostile, environment)
        }
        try await server.test { client in
            let (cookie, _) = try await signIn(client)
            let id = server.library.snapshot.presets.values.first!.id.rawValue
            let page = try await client.execute(uri: "/?preset=\(id)&character=%3Cx%3E", method: .get, headers: [.cookie: cookie])
            let html = String(buffer: page.body)
            #expect(!html.contains("<script>alert(1)"))
            #expect(!html.contains("<b>name</b>"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;"))
            #expect(html.contains("value=\"&lt;x&gt;\""))
            #expect(html.range(of: #"<meta name="csrf-token" content="[0-9a-f]{64}">"#, options: .regularExpression) != nil)
            #expect(html.range(of: #"<script(?![^>]*src=)"#, options: .regularExpression) == nil)
            #expect(html.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil)
            #expect(html.contains("data-testid=\"operation-scene_recap\""))
        }
    }

    @Test func signOutNeedsTheCSRFTokenAndClearsTheCookie() async throws {
        try await TestServer().test { client in
            let (cookie, html) = try await signIn(client)
            let csrf = try #require(html.firstMatch(of: /name="csrf-token" content="([0-9a-f]+)"/)?.1)
            let refused = try await client.execute(
                uri: "/logout", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=nope"))
            #expect(refused.status == .forbidden)
            let done = try await client.execute(
                uri: "/logout", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(csrf)"))
            #expect(done.status == .seeOther)
            #expect(done.headers[.setCookie]?.contains("Max-Age=0") == true)
            let after = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
            #expect(after.status == .seeOther)
        }
    }

    @Test func assetsAreServedWithTheirTypesAndCached() async throws {
        try await TestServer().test { client in
            let script = try await client.execute(uri: "/static/app.js", method: .get)
            #expect(script.status == .ok)
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.headers[.cacheControl]?.contains("max-age") == true)
            #expect(String(buffer: script.body).contains("X-CSRF-Token"))
            let style = try await client.execute(uri: "/static/app.css", method: .get)
            #expect(style.headers[.contentType] == "text/css; charset=utf-8")
        }
    }

    @Test func everyEmbeddedTemplateParses() throws {
        _ = try WebTemplates.parsed()
        #expect(WebTemplates.sources.keys.sorted() == [
            "audit", "bindings", "compare", "connections", "diff", "diffTable", "history", "keys", "login", "merge", "message", "page", "preview",
        ])
        #expect(WebTemplates.sources.values.allSatisfy { !$0.isEmpty })
    }

    @Test func historyAndDiffFragmentsShowVersionsSideBySide() async throws {
        try await TestServer().test { client in
            let (cookie, _) = try await signIn(client)
            let history = try await client.execute(uri: "/web/history?operation=scene_recap", method: .get, headers: [.cookie: cookie])
            #expect(history.status == .ok)
            #expect(String(buffer: history.body).contains("value=\"Default@1.0.0\""))
            let diff = try await client.execute(
                uri: "/web/diff?operation=scene_recap&from=Default%401.0.0&to=Default", method: .get, headers: [.cookie: cookie])
            let html = String(buffer: diff.body)
            #expect(diff.status == .ok)
            #expect(html.contains("class=\"removed\"") || html.contains("class=\"added\""))
            let missing = try await client.execute(uri: "/web/history?operation=nope", method: .get, headers: [.cookie: cookie])
            #expect(missing.status == .notFound)
            let anonymous = try await client.execute(uri: "/web/history?operation=scene_recap", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func theMergeFragmentOffersMineTheirsAndEditForEachRegionWithEverythingEscaped() async throws {
        // Mine's first region holds markup, which must arrive as text.
        let server = try await TestServer(seed: seedTwoConflictRegions(namesLine: "- Keep <b>names</b> & places."))
        try await server.test { client in
            let (cookie, _) = try await signIn(client)
            let response = try await client.execute(
                uri: "/web/updates/merge?preset=p-old&operation=scene_recap", method: .get, headers: [.cookie: cookie])
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            #expect(html.contains("data-testid=\"merge-region-prompt-0\"") && html.contains("data-testid=\"merge-region-prompt-1\""))
            #expect(!html.contains("merge-region-prompt-2"))
            for region in 0..<2 {
                for choice in ["mine", "theirs", "edit"] {
                    #expect(html.contains("name=\"merge-prompt-\(region)\" value=\"\(choice)\""), "region \(region) \(choice)")
                }
            }
            #expect(html.components(separatedBy: "class=\"merge-edit\"").count == 3, "one text box per region")
            #expect(html.contains("- Keep &lt;b&gt;names&lt;/b&gt; &amp; places."))
            #expect(!html.contains("<b>names</b>"))
            #expect(html.contains("data-merge=\"resolve\""))
        }
    }

    @Test func sideBySideRowsPairRemovedAndAddedLines() {
        let rows = WebFragments.sideBySide([.same("a"), .removed("b"), .removed("c"), .added("B"), .same("d")])
        #expect(rows.count == 4)
        #expect(rows[1]["left"] as? String == "b" && rows[1]["right"] as? String == "B")
        #expect(rows[2]["left"] as? String == "c" && rows[2]["rightClass"] as? String == "empty")
        #expect(rows[3]["leftNo"] as? String == "4" && rows[3]["rightNo"] as? String == "3")
    }
}
