import Foundation
import Testing

/// Signing in to a real server's web UI: the one-click link `serve` prints, and a sign-in
/// that outlives the server process (it is kept in the store).
@Suite("Web sign-in across server restarts", .serialized)
final class SignInProcessTests {
    let store: TemporaryStore
    let token = "sign-in-test-token-0123456789abcdef-xyz"

    init() throws {
        store = try TemporaryStore("sign-in")
    }

    @Test("the printed link signs in once; the sign-in survives a restart")
    func linkAndRestart() async throws {
        let (first, http) = try await startServer(store: store.path, token: token)
        let line = try await first.line { $0.contains("/sign-in?code=") }
        let link = try #require(line.split(separator: " ").last.map(String.init))
        #expect(link.hasPrefix(http.base + "/sign-in?code="))
        let path = String(link.dropFirst(http.base.count))

        let signedIn = try rawHTTP(http.base, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(signedIn.status == 303)
        let cookieLine = try #require(signedIn.text.split(separator: "\r\n").first { $0.lowercased().hasPrefix("set-cookie:") })
        let cookie = String(cookieLine.dropFirst("set-cookie:".count).split(separator: ";")[0]).trimmingCharacters(in: .whitespaces)
        let reused = try rawHTTP(http.base, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(reused.status == 403, "a link signs in once")

        first.kill(SIGTERM)
        _ = await first.wait()
        let (second, again) = try await startServer(store: store.path, token: token)
        defer { second.kill() }
        let page = try rawHTTP(again.base, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(cookie)\r\nConnection: close\r\n\r\n")
        #expect(page.status == 200, "the browser is still signed in after the restart")
        let oldLink = try rawHTTP(again.base, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(oldLink.status == 403, "a new server prints a new link; the old one is dead")
    }
}
