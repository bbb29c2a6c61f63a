import Foundation
import Hummingbird
import PromptPresets

/// A signed-in browser: its cookie value and the CSRF token its writes must send.
public struct WebSession: Sendable, Hashable {
    public var id: String
    public var csrfToken: String
    public var createdAt: Date
}

/// Browser sign-ins, kept in the store: they survive a restart, and every server instance on
/// the store accepts a browser signed in at any of them (§8.5).
///
/// The browser signs in once, with the admin token or the one-time link `serve` prints; it then holds an HttpOnly, SameSite=Strict
/// cookie `pp_session`, and sends `X-CSRF-Token` with every write. The store keeps only the
/// SHA-256 of the cookie value. Lookups are cached for a few seconds, so a signed-in page costs
/// no store round trip per request; a sign-out on another instance takes effect within that time.
public final class WebSessions: Sendable {
    /// The session cookie's name.
    public static let cookieName = "pp_session"
    /// The header carrying the CSRF token on cookie-authenticated writes.
    public static let csrfHeaderName = "X-CSRF-Token"
    /// How long a looked-up sign-in is trusted without asking the store again.
    static let cacheLifetime: TimeInterval = 2

    public let adminToken: AdminToken
    /// The one-click sign-in link of this instance.
    public let link: SignInLink
    /// How long a sign-in lasts, in seconds.
    public let lifetime: TimeInterval
    private let store: any ManagedStore
    private let now: @Sendable () -> Date
    private let cache = Locked<[String: (session: WebSession, checkedAt: Date)]>([:])

    public init(
        adminToken: AdminToken, store: any ManagedStore, lifetime: TimeInterval = 12 * 60 * 60,
        link: SignInLink = SignInLink(), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.adminToken = adminToken
        self.link = link
        self.store = store
        self.lifetime = lifetime
        self.now = now
    }

    /// Starts a session when `token` is the admin token (compared in constant time); `nil` otherwise.
    public func signIn(token: String) async throws -> WebSession? {
        guard adminToken.matches(token) else { return nil }
        return try await start()
    }

    /// Starts a session when `code` is this instance's unused, unexpired link code.
    /// - Returns: the session, or why the code cannot sign in, in words for the sign-in page.
    func signIn(code: String) async throws -> Result<WebSession, SignInRefusal> {
        if let reason = link.redeem(code, now: now()) { return .failure(SignInRefusal(reason: reason)) }
        return .success(try await start())
    }

    private func start() async throws -> WebSession {
        var generator = SystemRandomNumberGenerator()
        let session = WebSession(
            id: randomHex(byteCount: 32, using: &generator), csrfToken: randomHex(byteCount: 32, using: &generator),
            createdAt: now())
        try await store.deleteSignIns(createdBefore: now().addingTimeInterval(-lifetime))
        try await store.saveSignIn(WebSignIn(idHash: Self.hash(session.id), csrfToken: session.csrfToken, createdAt: session.createdAt))
        cache.withLock { $0[session.id] = (session, now()) }
        return session
    }

    /// The live session with this cookie value, if any. A store that cannot be reached signs
    /// nobody in (the request is then anonymous).
    public func session(id: String) async -> WebSession? {
        let now = now()
        let cutoff = now.addingTimeInterval(-lifetime)
        if let cached = cache.withLock({ $0[id] }), now.timeIntervalSince(cached.checkedAt) < Self.cacheLifetime {
            return cached.session.createdAt > cutoff ? cached.session : nil
        }
        guard let stored = try? await store.signIn(idHash: Self.hash(id)), stored.createdAt > cutoff else {
            cache.withLock { $0[id] = nil }
            return nil
        }
        let session = WebSession(id: id, csrfToken: stored.csrfToken, createdAt: stored.createdAt)
        cache.withLock { cache in
            if cache.count > 10_000 { cache = cache.filter { now.timeIntervalSince($0.value.checkedAt) < Self.cacheLifetime } }
            cache[id] = (session, now)
        }
        return session
    }

    /// Why a sign-in link did not sign in.
    struct SignInRefusal: Error {
        var reason: String
    }

    /// Ends a session on every instance.
    public func signOut(id: String) async throws {
        cache.withLock { $0[id] = nil }
        try await store.deleteSignIn(idHash: Self.hash(id))
    }

    /// Whether `token` is the session's CSRF token (constant-time).
    public func verifiesCSRF(_ token: String?, for session: WebSession) -> Bool {
        guard let token else { return false }
        return constantTimeEquals(token, session.csrfToken)
    }

    /// The cookie that carries a session: HttpOnly, SameSite=Strict, Path=/.
    public func cookie(for session: WebSession) -> Cookie {
        Cookie(name: Self.cookieName, value: session.id, maxAge: Int(lifetime), path: "/", httpOnly: true, sameSite: .strict)
    }

    /// A cookie that removes the session cookie from the browser.
    public func expiredCookie() -> Cookie {
        Cookie(name: Self.cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict)
    }

    private static func hash(_ id: String) -> String {
        Checksum.sha256Hex(id.utf8)
    }
}
