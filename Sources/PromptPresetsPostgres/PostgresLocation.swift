import Foundation

/// Where a PostgreSQL store is: parsed from `postgres://user:password@host:port/database`
/// (or `postgresql://`), with the password optionally from elsewhere.
///
/// A password may come from the URL, a password file (`--password-file`, or
/// `$PROMPT_PRESETS_PASSWORD_FILE`) or `$PGPASSWORD`; the URL wins. It is never part of
/// `description`, so messages and logs can name the store freely. Query parameters:
/// `sslmode=disable|prefer|require` (default: `disable` on loopback and sockets, `prefer`
/// elsewhere) and `host=/path/to/socket/directory` for a Unix socket.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public enum Endpoint: Sendable, Hashable {
        case tcp(host: String, port: Int)
        /// The socket file itself (`<directory>/.s.PGSQL.<port>`).
        case socket(path: String)
    }

    public enum TLSMode: String, Sendable, Hashable {
        case disable, prefer, require
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    /// Whether `text` names a PostgreSQL store rather than a file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses a store URL.
    /// - Parameters:
    ///   - environment: for `PGPASSWORD`, `PGUSER` and `PROMPT_PRESETS_PASSWORD_FILE`.
    ///   - passwordFile: a file whose first line is the password (used when the URL has none).
    /// - Throws: `PostgresStoreError.invalidURL` naming what is wrong (never echoing a password).
    public init(url text: String, environment: [String: String] = [:], passwordFile: String? = nil) throws {
        guard Self.isURL(text), let components = URLComponents(string: text) else {
            throw PostgresStoreError.invalidURL("expected postgres://user@host:port/database")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let port = components.port ?? Int(query["port"] ?? "") ?? 5432
        guard (1...65_535).contains(port) else { throw PostgresStoreError.invalidURL("port \(port) is out of range") }

        if let directory = query["host"], directory.hasPrefix("/") {
            endpoint = .socket(path: directory.hasSuffix(".s.PGSQL.\(port)") ? directory : "\(directory)/.s.PGSQL.\(port)")
        } else {
            guard let host = components.host, !host.isEmpty else {
                throw PostgresStoreError.invalidURL("the URL names no host")
            }
            endpoint = .tcp(host: host, port: port)
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty, !path.contains("/") else {
            throw PostgresStoreError.invalidURL("the URL names no database (postgres://host:port/DATABASE)")
        }
        database = path.removingPercentEncoding ?? path
        user = components.user.flatMap { $0.removingPercentEncoding } ?? environment["PGUSER"] ?? "postgres"

        if let inURL = components.password {
            password = inURL.removingPercentEncoding ?? inURL
        } else if let file = passwordFile ?? environment["PROMPT_PRESETS_PASSWORD_FILE"] {
            do {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                password = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            } catch {
                throw PostgresStoreError.invalidURL("the password file \(file) cannot be read")
            }
        } else {
            password = environment["PGPASSWORD"]
        }

        if let mode = query["sslmode"] {
            guard let parsed = TLSMode(rawValue: mode) else {
                throw PostgresStoreError.invalidURL("sslmode must be disable, prefer or require, not '\(mode)'")
            }
            tls = parsed
        } else {
            tls = Self.isLocal(endpoint) ? .disable : .prefer
        }
    }

    /// `host:port` or the socket path: what messages name when the server cannot be reached.
    public var server: String {
        switch endpoint {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .socket(let path): path
        }
    }

    /// The URL without the password: `postgres://user@host:port/database`.
    public var description: String {
        let user = user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? user
        let database = database.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? database
        switch endpoint {
        case .tcp:
            return "postgres://\(user)@\(server)/\(database)"
        case .socket(let path):
            let directory = (path as NSString).deletingLastPathComponent
            return "postgres://\(user)@/\(database)?host=\(directory)"
        }
    }

    /// The same server and credentials, another database (tests create one per test).
    public func with(database: String) -> PostgresLocation {
        var copy = self
        copy.database = database
        return copy
    }

    private static func isLocal(_ endpoint: Endpoint) -> Bool {
        switch endpoint {
        case .socket: true
        case .tcp(let host, _): host == "localhost" || host == "::1" || isIPv4Loopback(host)
        }
    }

    /// `127.x.y.z` as an address, not a name that merely starts with "127.".
    private static func isIPv4Loopback(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else { return false }
        return parts[0] == "127"
    }
}
