import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import PromptPresets
import PromptPresetsStorage

extension PostgresStore {
    /// How long a connection attempt may take before the server counts as unreachable.
    static let connectTimeout: Int64 = 5

    /// One connection outside the pool: for migrations at start-up and for listening.
    static func connect(_ address: PostgresLocation, logger: Logger) async throws -> PostgresConnection {
        var configuration: PostgresConnection.Configuration
        switch address.endpoint {
        case .tcp(let host, let port):
            configuration = PostgresConnection.Configuration(
                host: host, port: port, username: address.user, password: address.password,
                database: address.database, tls: try connectionTLS(address.tls))
        case .socket(let path):
            configuration = PostgresConnection.Configuration(
                unixSocketPath: path, username: address.user, password: address.password, database: address.database)
        }
        configuration.options.connectTimeout = .seconds(connectTimeout)
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw translate(error, address: address)
        }
    }

    static func clientConfiguration(_ address: PostgresLocation, maximumConnections: Int) throws -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch address.endpoint {
        case .tcp(let host, let port):
            configuration = PostgresClient.Configuration(
                host: host, port: port, username: address.user, password: address.password,
                database: address.database, tls: clientTLS(address.tls))
        case .socket(let path):
            configuration = PostgresClient.Configuration(
                unixSocketPath: path, username: address.user, password: address.password, database: address.database)
        }
        configuration.options.connectTimeout = .seconds(connectTimeout)
        configuration.options.maximumConnections = max(2, maximumConnections)
        return configuration
    }

    private static func connectionTLS(_ mode: PostgresLocation.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .prefer: return .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    private static func clientTLS(_ mode: PostgresLocation.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    // MARK: Errors

    /// Driver errors as `PostgresStoreError`, on one line; domain errors pass through.
    static func translate(_ error: any Error, address: PostgresLocation) -> any Error {
        switch error {
        case is PresetError, is PostgresStoreError, is CancellationError:
            return error
        case let error as InvalidRecord:
            return PostgresStoreError.notAStore(database: address.database, detail: error.detail)
        case let error as PostgresDecodingError:
            return PostgresStoreError.notAStore(
                database: address.database, detail: "column \(error.columnName) holds a value of the wrong type")
        case let error as PSQLError:
            return translate(error, address: address)
        default:
            return PostgresStoreError.unreachable(server: address.server, detail: oneLine(error))
        }
    }

    private static func translate(_ error: PSQLError, address: PostgresLocation) -> PostgresStoreError {
        if error.code == .server, let info = error.serverInfo {
            let message = info[.message] ?? "an error"
            let state = info[.sqlState] ?? ""
            // 28xxx: authentication; 3D000: no such database; 57P0x: the server is shutting down.
            if state.hasPrefix("28") || state == "3D000" || state.hasPrefix("57P") {
                return .unreachable(server: address.server, detail: message)
            }
            if state == "53100" { return .storageFull(database: address.database, detail: message) }
            return .failed(database: address.database, detail: "\(message) (SQLSTATE \(state))")
        }
        if let underlying = error.underlying {
            return .unreachable(server: address.server, detail: describe(underlying))
        }
        return .unreachable(server: address.server, detail: error.code.description)
    }

    /// A short reason for a connection failure ("connection refused"), not NIO's whole report.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return describe(first.error) }
            if error.dnsAAAAError != nil || error.dnsAError != nil { return "the host name does not resolve" }
            return "cannot connect"
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused (is PostgreSQL running there?)"
            case ENOENT: return "no socket there (is PostgreSQL running?)"
            case ETIMEDOUT: return "timed out"
            default: return oneLine(error)
            }
        }
        if error is ChannelError { return "the connection timed out or was closed" }
        return oneLine(error)
    }

    static func oneLine(_ error: any Error) -> String {
        String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// The SQLSTATE of a refused statement, if the server refused it.
    static func sqlState(of error: any Error) -> String? {
        guard let error = error as? PSQLError, error.code == .server else { return nil }
        return error.serverInfo?[.sqlState]
    }
}

extension PostgresConnection {
    /// Runs `body` between `begin` and COMMIT; any error rolls back and is rethrown as it was.
    func inTransaction<T>(
        _ begin: String = "BEGIN", logger: Logger, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await run(PostgresQuery(unsafeSQL: begin), logger: logger)
        do {
            let value = try await body(self)
            try await run("COMMIT", logger: logger)
            return value
        } catch {
            try? await run("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Runs a statement and drops its rows.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }

    /// Runs a statement and counts the rows it returns (`RETURNING 1` counts what it changed).
    func count(_ query: PostgresQuery, logger: Logger) async throws -> Int {
        var rows = 0
        for try await _ in try await self.query(query, logger: logger) { rows += 1 }
        return rows
    }
}
