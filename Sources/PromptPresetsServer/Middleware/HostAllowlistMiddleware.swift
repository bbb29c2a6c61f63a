import Hummingbird

/// The `Host` values a request may carry: the server's own names and addresses, any port.
///
/// A page on another site that re-points its own name at this server (DNS rebinding) still
/// sends its own name as `Host`, so checking it keeps such pages from reading anything.
public struct HostAllowlist: Sendable {
    private let names: Set<String>

    public init(names: [String]) {
        self.names = Set(names.map { Self.normalized($0) })
    }

    /// Whether `authority` (`name`, `name:port`, `[v6]:port`) names this server. A request
    /// without any `Host` (HTTP/1.0 tools) is accepted: browsers always send one.
    public func allows(_ authority: String?) -> Bool {
        guard let authority else { return true }
        let host = Self.hostPart(of: authority)
        // Clients send the name as it was given, in lower case: no folding needed then.
        return names.contains(String(host)) || names.contains(Self.normalized(host))
    }

    static func hostPart(of authority: String) -> Substring {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return Substring(authority) }
            return authority[authority.index(after: authority.startIndex)..<close]
        }
        if let colon = authority.lastIndex(of: ":"), authority.firstIndex(of: ":") == colon {
            return authority[..<colon]
        }
        return Substring(authority)
    }

    /// Lower case, without brackets or a final dot (`Example.test.` is `example.test`).
    static func normalized(_ name: some StringProtocol) -> String {
        var text = name.lowercased()
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if text.hasSuffix("."), text.count > 1 { text.removeLast() }
        return text
    }
}

/// Refuses requests whose `Host` is not one of the server's names with 421 and a message.
struct HostAllowlistMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowlist: HostAllowlist

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard allowlist.allows(request.head.authority) else {
            throw APIError.misdirected(
                "This server does not answer to the host '\(String(request.head.authority?.prefix(100) ?? "").debugEscapedForMessage)'; "
                    + "start it with --public-name for each name clients use.")
        }
        return try await next(request, context)
    }
}
