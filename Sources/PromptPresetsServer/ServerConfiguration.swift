import Foundation

/// How the server listens and what it allows; shared by `serve` and the tests.
public struct ServerConfiguration: Sendable {
    /// The address to listen on (`127.0.0.1` by default).
    public var host: String
    public var port: Int
    /// Whether reads (GET) work without a token or web session. Defaults to on for loopback hosts only.
    public var openReads: Bool
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

    public init(
        host: String = "127.0.0.1", port: Int = 8080, openReads: Bool? = nil,
        maxBodySize: Int = 4 << 20, maxImportSize: Int = 16 << 20,
        sessionIdleTimeout: TimeInterval = 30 * 60, sessionExpiryInterval: TimeInterval = 60,
        maxURILength: Int = 8 << 10, webSessionLifetime: TimeInterval = 12 * 60 * 60,
        followIntervalMilliseconds: Int = 50
    ) {
        self.host = host
        self.port = port
        self.openReads = openReads ?? Self.isLoopback(host)
        self.maxBodySize = maxBodySize
        self.maxImportSize = maxImportSize
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionExpiryInterval = sessionExpiryInterval
        self.maxURILength = maxURILength
        self.webSessionLifetime = webSessionLifetime
        self.followIntervalMilliseconds = max(1, followIntervalMilliseconds)
    }

    /// Whether `host` only accepts connections from this machine.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// `http://127.0.0.1:8080`.
    public var baseURL: String {
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "http://\(shownHost):\(port)"
    }
}
