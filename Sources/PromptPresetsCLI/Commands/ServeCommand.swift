import ArgumentParser
import Foundation
import Logging
import PromptPresets
import PromptPresetsService
import PromptPresetsCatalogs
import PromptPresetsServer
import PromptPresetsPostgres
import PromptPresetsSQLite

/// `serve [--host 127.0.0.1] [--port 8080] [--store PATH] [--open-reads|--no-open-reads] [--token-file PATH] [--rotate-token]`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP server: the JSON API under /api/v1 and the web UI.",
        discussion: """
            The first run creates the store and prints a freshly generated admin token once; only its SHA-256 \
            hash is stored. Writes need 'Authorization: Bearer <token>'. To choose the token instead (scripts, CI), \
            give --token-file PATH (its first line) or set $PROMPT_PRESETS_TOKEN: the stored hash is replaced by that \
            token's and it is not printed. --rotate-token replaces the token with a new random one and prints it. \
            Stops gracefully on SIGINT or SIGTERM.
            """)

    /// The environment variable that sets the admin token.
    static let tokenEnvironmentVariable = "PROMPT_PRESETS_TOKEN"
    /// The store setting holding the admin token's SHA-256.
    static let tokenHashSetting = "admin_token_sha256"

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Flag(name: .long, inversion: .prefixedNo, help: "Allow reads without a token (default: on for loopback hosts only).")
    var openReads: Bool?

    @Option(name: .long, help: ArgumentHelp("Read the admin token from the first line of this file.", valueName: "path"))
    var tokenFile: String?

    @Flag(name: .long, help: "Replace the admin token with a new random one and print it.")
    var rotateToken = false

    @Option(name: .long, help: "The largest request body accepted, in bytes (imports may be up to 16 MiB).")
    var maxBodySize = 4 << 20

    @OptionGroup var options: GlobalOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        guard maxBodySize >= 1_024 else { throw ValidationError("--max-body-size must be at least 1024 bytes.") }
        if rotateToken, tokenFile != nil { throw ValidationError("Give either --token-file or --rotate-token, not both.") }
    }

    func run() async throws {
        let console = Console.current
        let location = try StoreLocation(options, environment: console.environment)
        let store = try await Self.open(location, durability: options.durability)
        let (adminToken, announcement) = try await establishToken(store: store, environment: console.environment)
        let library = try await PresetLibrary(store: store, catalog: .autoRecap)
        let configuration = ServerConfiguration(host: host, port: port, openReads: openReads, maxBodySize: maxBodySize)
        let dependencies = ServerDependencies(
            configuration: configuration, library: library,
            sessions: WebSessions(adminToken: adminToken, store: store, lifetime: configuration.webSessionLifetime))
        let shownHost = configuration.host
        let app = buildApplication(dependencies, logger: Logger(label: "prompt-presets.server")) { port in
            var lines = ["PromptPresets is serving http://\(ServerConfiguration(host: shownHost, port: port).baseURL.dropFirst(7))/ (store: \(location))"]
            lines.append("Reads: \(configuration.openReads ? "open" : "need the token or a web sign-in"); writes need the admin token.")
            lines.append(contentsOf: announcement)
            Self.printNow(lines.joined(separator: "\n"))
        }
        try await app.runService()
        await store.disconnect()
    }

    /// How long `serve` keeps trying to reach a PostgreSQL server at start-up.
    static let startupDeadline: Duration = .seconds(30)

    /// Opens the store; a database that cannot be reached yet (a server starting beside
    /// PostgreSQL) is retried with a back-off from 0.5 s doubling to 8 s, for up to 30 s.
    static func open(_ location: StoreLocation, durability: Durability) async throws -> any CommandStore {
        let clock = ContinuousClock()
        let deadline = clock.now + startupDeadline
        var delay: Duration = .milliseconds(500)
        while true {
            do {
                return try await location.open(durability: durability)
            } catch let error as PostgresStoreError {
                guard case .unreachable = error, clock.now + delay < deadline else { throw error }
                printNow("\(error) Retrying in \(delay.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))).", to: .standardError)
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(8))
            }
        }
    }

    /// Reads, sets or generates the admin token; returns it (as a hash) and the lines to print about it.
    func establishToken(store: any ManagedStore, environment: [String: String]) async throws -> (AdminToken, [String]) {
        var chosen: (token: String, source: String)?
        if let tokenFile {
            let text: String
            do {
                text = try String(contentsOfFile: tokenFile, encoding: .utf8)
            } catch {
                throw CLIError.unreadableFile(path: tokenFile, reason: error.localizedDescription)
            }
            chosen = (text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "", "the token file")
        } else if let value = environment[Self.tokenEnvironmentVariable], !value.isEmpty {
            chosen = (value, "$\(Self.tokenEnvironmentVariable)")
        }
        if let chosen {
            let token = chosen.token.trimmingCharacters(in: .whitespaces)
            guard token.count >= 16, !token.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                throw ValidationError("The admin token from \(chosen.source) must be at least 16 characters without spaces.")
            }
            let admin = AdminToken(token: token)
            if try await store.setting(Self.tokenHashSetting) != admin.hash {
                try await store.setSetting(Self.tokenHashSetting, to: admin.hash)
            }
            return (admin, ["Admin token: the one from \(chosen.source) (only its hash is stored)."])
        }
        if !rotateToken, let hash = try await store.setting(Self.tokenHashSetting) {
            return (AdminToken(hash: hash), ["Admin token: unchanged (only its hash is stored; --rotate-token makes a new one)."])
        }
        let token = AdminToken.generate()
        let admin = AdminToken(token: token)
        try await store.setSetting(Self.tokenHashSetting, to: admin.hash)
        return (admin, [
            "Admin token (shown once, only its hash is stored): \(token)",
            "Send it as 'Authorization: Bearer <token>', or sign in to the web UI with it.",
        ])
    }

    /// Writes to standard output right away (the command runs until stopped, so the console buffer would hold it back).
    static func printNow(_ text: String, to handle: FileHandle = .standardOutput) {
        handle.write(Data((text + "\n").utf8))
    }
}
