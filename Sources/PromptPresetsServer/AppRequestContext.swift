import Hummingbird
import NIOCore

/// Who is making a request, once authenticated.
public enum Identity: Sendable {
    /// The admin bearer token.
    case token
    /// A signed-in browser (cookie session); writes must carry its CSRF token.
    case webSession(WebSession)
}

/// The request context of every route: Hummingbird's core storage plus the caller's identity.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the authentication middleware; `nil` for anonymous (open) reads.
    public var identity: Identity?
    /// The query's decoded pairs, parsed once by the input checks.
    public var queryPairs: [(name: String, value: String)]?
    /// The connection, for the client's address (only looked at when a token is wrong).
    private let channel: any Channel

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.channel = source.channel
    }

    /// The client's IP address (`unknown` when the transport has none), the key of the sign-in limit.
    public var clientAddress: String {
        channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Who the audit log records: `api` for the token, `web:<first 8 characters of the session id>` for a browser.
    public var actor: String {
        switch identity {
        case .token: "api"
        case .webSession(let session): "web:\(session.id.prefix(8))"
        case nil: "anonymous"
        }
    }
}
