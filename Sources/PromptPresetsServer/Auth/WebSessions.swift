import Foundation
import Hummingbird

/// A signed-in browser: its cookie value and the CSRF token its writes must send.
public struct WebSession: Sendable, Hashable {
    public var id: String
    public var csrfToken: String
    public var createdAt: Date
}

/// Browser sign-ins, in memory only (a restart signs everyone out).
///
/// The browser signs in with the admin token once; it then holds an HttpOnly, SameSite=Strict
/// cookie `pp_session`, and sends `X-CSRF-Token` with every write.
public final class WebSessions: Sendable {
    /// The session cookie's name.
    public static let cookieName = "pp_session"
    /// The header carrying the CSRF token on cookie-authenticated writes.
    public static let csrfHeaderName = "X-CSRF-Token"

    public let adminToken: AdminToken
    /// How long a sign-in lasts, in seconds.
    public let lifetime: TimeInterval
    private let now: @Sendable () -> Date
    private let sessions = Locked<[String: WebSession]>([:])

    public init(adminToken: AdminToken, lifetime: TimeInterval = 12 * 60 * 60, now: @escaping @Sendable () -> Date = { Date() }) {
        self.adminToken = adminToken
        self.lifetime = lifetime
        self.now = now
    }

    /// Starts a session when `token` is the admin token (compared in constant time); `nil` otherwise.
    public func signIn(token: String) -> WebSession? {
        guard adminToken.matches(token) else { return nil }
        var generator = SystemRandomNumberGenerator()
        let session = WebSession(
            id: randomHex(byteCount: 32, using: &generator), csrfToken: randomHex(byteCount: 32, using: &generator),
            createdAt: now())
        let cutoff = now().addingTimeInterval(-lifetime)
        sessions.withLock { all in
            all = all.filter { $0.value.createdAt > cutoff }
            all[session.id] = session
        }
        return session
    }

    /// The live session with this id, if any.
    public func session(id: String) -> WebSession? {
        let cutoff = now().addingTimeInterval(-lifetime)
        return sessions.withLock { all in
            guard let session = all[id] else { return nil }
            if session.createdAt <= cutoff {
                all[id] = nil
                return nil
            }
            return session
        }
    }

    /// Ends a session.
    public func signOut(id: String) {
        sessions.withLock { $0[id] = nil }
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
}
