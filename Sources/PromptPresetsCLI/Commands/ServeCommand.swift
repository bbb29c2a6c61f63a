import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import PromptPresets
import PromptPresetsService
import PromptPresetsServer
import PromptPresetsPostgres
import PromptPresetsSQLite

/// `serve [--host 127.0.0.1] [--port 8080] [--store PATH] [--open-reads|--no-open-reads] [--token-file PATH] [--rotate-token]
/// [--public-name NAME]… [--header-timeout S] [--body-timeout S] [--idle-timeout S] [--max-connections N] [--log-level LEVEL]`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP server: the JSON API under /api/v1 and the web UI.",
        discussion: """
            The first run creates the store (readable by its owner only) and prints a freshly generated admin \
            token once; only a salted, slow hash of it is stored. Writes need 'Authorization: Bearer <token>'. To \
            choose the token instead (scripts, CI), give --token-file PATH (its first line; the file should be \
            readable by you only) or set $PROMPT_PRESETS_TOKEN: at least 32 characters; the stored hash is replaced \
            by that token's and it is not printed. --rotate-token replaces the token with a new random one and \
            prints it. Requests must name this server in their Host header: the bound address, localhost, or a \
            --public-name. Slow or silent connections are closed after the timeouts; beyond --max-connections the \
            longest-idle connection is closed. It also prints a one-click sign-in link for the web UI, good for \
            one sign-in within 15 minutes. --webhook URL posts every change event to URL, signed with \
            HMAC-SHA256 under the secret of --webhook-secret-file or $PROMPT_PRESETS_WEBHOOK_SECRET. Stops \
            gracefully on SIGINT or SIGTERM.
            """)

    /// The environment variable that sets the admin token.
    static let tokenEnvironmentVariable = "PROMPT_PRESETS_TOKEN"
    /// The store setting holding the admin token's hash: salted PBKDF2-HMAC-SHA256, or the bare
    /// SHA-256 of stores written before salting (still accepted, replaced at the first sign-in).
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

    @Option(name: .customLong("public-name"), help: ArgumentHelp(
        "Another name or address clients reach the server by (its Host header); repeat for several.", valueName: "name"))
    var publicNames: [String] = []

    @Option(name: .long, help: "Seconds a client may take to send a request's headers.")
    var headerTimeout: Double = ConnectionLimits().headerTimeout

    @Option(name: .long, help: "Seconds a client may take to send a request's body.")
    var bodyTimeout: Double = ConnectionLimits().bodyTimeout

    @Option(name: .long, help: "Seconds a kept-alive connection may stay silent between requests.")
    var idleTimeout: Double = ConnectionLimits().idleTimeout

    @Option(name: .long, help: "Open connections at most; beyond it the longest-idle one is closed.")
    var maxConnections: Int = ConnectionLimits().maxConnections

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical; every request is logged at debug.")
    var logLevel: Logger.Level = .info

    @Option(name: .customLong("webhook"), help: ArgumentHelp(
        "Post every change event to this http(s) URL, signed with the webhook secret; repeat for several.", valueName: "url"))
    var webhooks: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Read the webhooks' HMAC secret from the first line of this file (or $PROMPT_PRESETS_WEBHOOK_SECRET).",
        valueName: "path"))
    var webhookSecretFile: String?

    @Flag(name: .long, inversion: .prefixedNo, help: "Serve /metrics and record request metrics (on by default).")
    var metrics = true

    @OptionGroup var options: GlobalOptions

    /// The environment variable that sets the webhooks' secret.
    static let webhookSecretEnvironmentVariable = "PROMPT_PRESETS_WEBHOOK_SECRET"

    /// The process's Prometheus registry, made the swift-metrics backend on first use (a
    /// process bootstraps swift-metrics once; tests run `serve` several times in one).
    static let metricsRegistry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    func validate() throws {
        for webhook in webhooks {
            guard let url = URL(string: webhook), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                  let host = url.host, !host.isEmpty
            else { throw ValidationError("--webhook '\(webhook)' must be an http:// or https:// URL with a host.") }
        }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        guard maxBodySize >= 1_024 else { throw ValidationError("--max-body-size must be at least 1024 bytes.") }
        if rotateToken, tokenFile != nil { throw ValidationError("Give either --token-file or --rotate-token, not both.") }
        for (name, value) in [("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout)]
        where !(value > 0 && value <= 86_400) {
            throw ValidationError("\(name) must be more than 0 and at most 86400 seconds.")
        }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1.") }
        for name in publicNames where name.isEmpty || name.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "@" }) {
            throw ValidationError("--public-name '\(name)' must be a host name or address, without spaces, '/' or '@'.")
        }
    }

    func run() async throws {
        let console = Console.current
        let catalog = try CatalogSource.catalog(options, environment: console.environment)
        let location = try StoreLocation(options, environment: console.environment)
        let store = try await Self.open(location, durability: options.durability)
        try await StoreCatalogName.claim(store, for: catalog)
        if let warning = tokenFileWarning() { Self.printNow("warning: \(warning)", to: .standardError) }
        let (adminToken, announcement) = try await establishToken(store: store, environment: console.environment)
        let webhookTargets = try webhookTargets(environment: console.environment)
        let registry = metrics ? Self.metricsRegistry : nil  // before the library, whose timers bind to the backend when made
        let library = try await PresetLibrary(store: store, catalog: catalog)
        let limits = ConnectionLimits(
            headerTimeout: headerTimeout, bodyTimeout: bodyTimeout, idleTimeout: idleTimeout,
            maxConnections: OpenFiles.connectionLimit(requested: maxConnections))
        let configuration = ServerConfiguration(
            host: host, port: port, openReads: openReads, publicNames: publicNames, maxBodySize: maxBodySize,
            limits: limits, logRequests: logLevel <= .debug)
        guard configuration.boundAddress != nil else {
            throw ValidationError("--host '\(host)' does not resolve to an address on this machine.")
        }
        let dependencies = ServerDependencies(
            configuration: configuration, library: library,
            sessions: WebSessions(adminToken: adminToken, store: store, lifetime: configuration.webSessionLifetime),
            metrics: registry, webhooks: webhookTargets)
        let shownHost = configuration.host
        var logger = Logger(label: "prompt-presets.server")
        logger.logLevel = logLevel
        let app = try buildApplication(dependencies, logger: logger) { port in
            var lines = ["PromptPresets is serving http://\(ServerConfiguration(host: shownHost, port: port).baseURL.dropFirst(7))/ (store: \(location))"]
            lines.append("Reads: \(configuration.openReads ? "open" : "need the token or a web sign-in"); writes need the admin token.")
            lines.append(contentsOf: announcement)
            let base = ServerConfiguration(host: shownHost, port: port).baseURL
            lines.append("Sign in to the web UI with one click (once, within 15 minutes): \(dependencies.sessions.link.url(on: base))")
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
            guard token.count >= AdminToken.minimumLength, !token.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                throw ValidationError(
                    "The admin token from \(chosen.source) must be at least \(AdminToken.minimumLength) characters without spaces "
                        + "(found \(token.count)); `openssl rand -hex 32` makes a good one.")
            }
            if let stored = try await store.setting(Self.tokenHashSetting).map({ AdminToken(hash: $0) }), !stored.isLegacy, stored.matches(token) {
                return (stored, ["Admin token: the one from \(chosen.source) (only a salted hash is stored)."])
            }
            let admin = AdminToken(token: token)
            try await store.setSetting(Self.tokenHashSetting, to: admin.hash)
            return (admin, ["Admin token: the one from \(chosen.source) (only a salted hash is stored)."])
        }
        if !rotateToken, let hash = try await store.setting(Self.tokenHashSetting) {
            // A hash from before salting: the first right token replaces it with a salted one.
            let admin = AdminToken(hash: hash) { salted in Task { try? await store.setSetting(Self.tokenHashSetting, to: salted) } }
            return (admin, ["Admin token: unchanged (only its hash is stored; --rotate-token makes a new one)."])
        }
        let token = AdminToken.generate()
        let admin = AdminToken(token: token)
        try await store.setSetting(Self.tokenHashSetting, to: admin.hash)
        return (admin, [
            "Admin token (shown once, only its hash is stored): \(token)",
            "Send it as 'Authorization: Bearer <token>', or sign in to the web UI with it.",
        ])
    }

    /// The webhooks with their secret; none without `--webhook`.
    /// - Throws: when webhooks are given without a secret of at least 16 characters.
    func webhookTargets(environment: [String: String]) throws -> [Webhook] {
        guard !webhooks.isEmpty else { return [] }
        let secret: String
        if let webhookSecretFile {
            do {
                let text = try String(contentsOfFile: webhookSecretFile, encoding: .utf8)
                secret = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            } catch {
                throw CLIError.unreadableFile(path: webhookSecretFile, reason: error.localizedDescription)
            }
        } else {
            secret = environment[Self.webhookSecretEnvironmentVariable] ?? ""
        }
        let trimmed = secret.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 16 else {
            throw ValidationError(
                "--webhook needs a secret of at least 16 characters to sign deliveries with: give --webhook-secret-file PATH "
                    + "or set $\(Self.webhookSecretEnvironmentVariable) (found \(trimmed.count) characters).")
        }
        return webhooks.map { Webhook(url: $0, secret: trimmed) }
    }

    /// A warning when the token file can be read by other users (its token then is not a secret).
    func tokenFileWarning() -> String? {
        guard let tokenFile, let attributes = try? FileManager.default.attributesOfItem(atPath: tokenFile),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.uint16Value, mode & 0o077 != 0
        else { return nil }
        return "the token file \(tokenFile) can be read by other users (mode \(String(mode & 0o777, radix: 8))); "
            + "run `chmod 600 \(tokenFile)`."
    }

    /// Writes to standard output right away (the command runs until stopped, so the console buffer would hold it back).
    static func printNow(_ text: String, to handle: FileHandle = .standardOutput) {
        handle.write(Data((text + "\n").utf8))
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// The process's open-file limit, which every connection counts against.
enum OpenFiles {
    /// Descriptors kept for the store, its WAL and the server itself.
    static let reserved = 64

    /// Raises the soft open-file limit to the hard one and returns the connection limit that
    /// fits under it: past the file limit the server could accept nothing, `/healthz` included.
    static func connectionLimit(requested: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return requested }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        let available = Int(clamping: limit.rlim_cur) - reserved
        return max(1, min(requested, available))
    }
}
