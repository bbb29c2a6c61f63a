import Foundation
import NIOCore

/// How the server listens and what it allows; shared by `serve` and the tests.
public struct ServerConfiguration: Sendable {
    /// The address to listen on as given (`127.0.0.1` by default; a name is resolved once).
    public var host: String
    public var port: Int
    /// The IP address `host` resolves to, which the server binds; `nil` when it does not resolve.
    public var boundAddress: String?
    /// Whether reads (GET) work without a token or web session. Defaults to on when the bound
    /// address is a loopback address (decided from the resolved address, never the name).
    public var openReads: Bool
    /// The `Host` names accepted besides the bound address and `localhost` (`--public-name`).
    public var publicNames: [String]
    /// The largest request body accepted, in bytes, except for imports (413 beyond it).
    public var maxBodySize: Int
    /// The largest import file accepted, in bytes (the import format's own limit is 16 MiB).
    public var maxImportSize: Int
    /// Edit sessions idle for longer than this many seconds are sealed.
    public var sessionIdleTimeout: TimeInterval
    /// How often idle edit sessions are looked for, in seconds.
    public var sessionExpiryInterval: TimeInterval
    /// The longest path plus query accepted, in bytes (400 beyond it).
    public var maxURILength: Int
    /// How long a web sign-in lasts, in seconds.
    public var webSessionLifetime: TimeInterval
    /// How often the store is polled for commits by other processes, in milliseconds.
    public var followIntervalMilliseconds: Int
    /// The connection limits and timeouts (`--header-timeout`, `--max-connections`, …).
    public var limits: ConnectionLimits
    /// Wrong tokens accepted from one address per minute before it gets 429.
    public var signInAttemptsPerMinute: Int
    /// Whether every request is logged (at debug level; `serve --log-level debug`).
    public var logRequests: Bool

    public init(
        host: String = "127.0.0.1", port: Int = 8080, openReads: Bool? = nil, publicNames: [String] = [],
        maxBodySize: Int = 4 << 20, maxImportSize: Int = 16 << 20,
        sessionIdleTimeout: TimeInterval = 30 * 60, sessionExpiryInterval: TimeInterval = 60,
        maxURILength: Int = 8 << 10, webSessionLifetime: TimeInterval = 12 * 60 * 60,
        followIntervalMilliseconds: Int = 50, limits: ConnectionLimits = ConnectionLimits(),
        signInAttemptsPerMinute: Int = 10, logRequests: Bool = false
    ) {
        self.host = host
        self.port = port
        let resolved = try? SocketAddress.makeAddressResolvingHost(Self.unbracketed(host), port: 0)
        self.boundAddress = resolved?.ipAddress
        self.openReads = openReads ?? resolved.map(Self.isLoopback) ?? false
        self.publicNames = publicNames
        self.maxBodySize = maxBodySize
        self.maxImportSize = maxImportSize
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionExpiryInterval = sessionExpiryInterval
        self.maxURILength = maxURILength
        self.webSessionLifetime = webSessionLifetime
        self.followIntervalMilliseconds = max(1, followIntervalMilliseconds)
        self.limits = limits
        self.signInAttemptsPerMinute = signInAttemptsPerMinute
        self.logRequests = logRequests
    }

    /// Whether `address` only accepts connections from this machine: 127.0.0.0/8, `::1`, or
    /// an IPv4-mapped 127.x address.
    public static func isLoopback(_ address: SocketAddress) -> Bool {
        switch address {
        case .v4(let v4):
            return UInt32(bigEndian: v4.address.sin_addr.s_addr) >> 24 == 127
        case .v6(let v6):
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            if bytes[0..<15].allSatisfy({ $0 == 0 }), bytes[15] == 1 { return true }
            return bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF && bytes[12] == 127
        case .unixDomainSocket:
            return true
        }
    }

    /// The names and addresses a request's `Host` may carry.
    public var hostAllowlist: HostAllowlist {
        HostAllowlist(names: ["localhost"] + (boundAddress.map { [$0] } ?? []) + publicNames)
    }

    /// `http://127.0.0.1:8080`.
    public var baseURL: String {
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "http://\(shownHost):\(port)"
    }

    static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }
}

/// The limits that keep slow, silent and idle clients from holding the server.
public struct ConnectionLimits: Sendable, Equatable {
    /// Seconds a connection may take to send a request's headers (from connecting or from the last response).
    public var headerTimeout: TimeInterval
    /// Seconds a request may take to send its whole body once its headers arrived.
    public var bodyTimeout: TimeInterval
    /// Seconds a kept-alive connection may stay silent between requests.
    public var idleTimeout: TimeInterval
    /// Open connections at most; beyond it the longest-idle connection is closed to admit the new one.
    public var maxConnections: Int

    public init(headerTimeout: TimeInterval = 10, bodyTimeout: TimeInterval = 30, idleTimeout: TimeInterval = 60, maxConnections: Int = 512) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = max(1, maxConnections)
    }
}
