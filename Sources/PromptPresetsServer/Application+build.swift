import Hummingbird
import Logging
import OpenAPIHummingbird
import PromptPresets
import PromptPresetsAPI
import PromptPresetsService
import Prometheus
import ServiceLifecycle

/// What the server runs on: its configuration, the library (store + in-memory snapshot) and the web sign-ins.
public struct ServerDependencies: Sendable {
    public var configuration: ServerConfiguration
    public var library: PresetLibrary
    public var sessions: WebSessions
    /// Wrong tokens per client address (web sign-ins and bearer tokens).
    public var limiter: SignInLimiter
    /// Where `/metrics` reads from: the registry the process bootstrapped swift-metrics with;
    /// `nil` serves no `/metrics` and records no request metrics.
    public var metrics: PrometheusCollectorRegistry?
    /// Where every change event is posted.
    public var webhooks: [Webhook]

    public init(
        configuration: ServerConfiguration, library: PresetLibrary, sessions: WebSessions, limiter: SignInLimiter? = nil,
        metrics: PrometheusCollectorRegistry? = nil, webhooks: [Webhook] = []
    ) {
        self.configuration = configuration
        self.library = library
        self.sessions = sessions
        self.limiter = limiter ?? SignInLimiter(maxFailures: configuration.signInAttemptsPerMinute, window: 60)
        self.metrics = metrics
        self.webhooks = webhooks
    }
}

/// The router with every route and middleware; shared by `serve` and the tests.
///
/// Middleware order, outermost first: the request log (only with `logRequests`), request
/// metrics (only with a metrics registry), security headers, error mapping, the `Host`
/// allowlist, input checks (URI length, control characters, declared body size), the browser's
/// sign-in; `/api/v1`, `/metrics` and `/mcp` add authentication (every MCP call is a read: open
/// when reads are open, else the token).
public func buildRouter(_ dependencies: ServerDependencies) throws -> Router<AppRequestContext> {
    let configuration = dependencies.configuration
    let library = dependencies.library
    let router = Router(context: AppRequestContext.self)
    if configuration.logRequests { router.add(middleware: RequestLogMiddleware()) }
    if let registry = dependencies.metrics { router.add(middleware: RequestMetricsMiddleware(registry: registry)) }
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: HostAllowlistMiddleware(allowlist: configuration.hostAllowlist))
    router.add(middleware: InputValidationMiddleware(
        maxURILength: configuration.maxURILength, maxBodySize: configuration.maxBodySize,
        maxImportSize: configuration.maxImportSize))
    router.add(middleware: SignInMiddleware(sessions: dependencies.sessions))

    router.addRoutes(HealthController(library: library).endpoints, atPath: "/healthz")
    if let registry = dependencies.metrics {
        router.group("metrics")
            .add(middleware: AuthMiddleware(
                sessions: dependencies.sessions, limiter: dependencies.limiter, openReads: configuration.openReads,
                alwaysOpenPaths: []))
            .addRoutes(MetricsController(library: library, registry: registry).endpoints)
    }

    let api = router.group("api/v1")
        .add(middleware: AuthMiddleware(
            sessions: dependencies.sessions, limiter: dependencies.limiter, openReads: configuration.openReads,
            alwaysOpenPaths: ["/api/v1/openapi.json"]))
    api.get("openapi.json") { _, _ in OpenAPIDocument.response }
    api.addRoutes(ResolveController(library: library).endpoints, atPath: "resolve")
    api.addRoutes(OperationsController(library: library, configuration: configuration).endpoints, atPath: "operations")
    api.addRoutes(SessionsController(library: library, configuration: configuration).endpoints, atPath: "sessions")
    api.addRoutes(UpdatesController(library: library, configuration: configuration).endpoints, atPath: "updates")
    api.addRoutes(EventsController(library: library).endpoints, atPath: "events")
    api.addRoutes(PruneController(library: library, configuration: configuration).endpoints, atPath: "prune")
    SharingController(library: library, configuration: configuration).addRoutes(to: api)
    // The generated routes carry their full paths, so they join the router with the same guards as `api`.
    let generated = router.group()
        .add(middleware: AuthMiddleware(
            sessions: dependencies.sessions, limiter: dependencies.limiter, openReads: configuration.openReads,
            alwaysOpenPaths: []))
        .add(middleware: APIRequestMiddleware(maxBodySize: configuration.maxBodySize))
    try APIHandler(library: library).registerHandlers(
        on: generated, configuration: .init(jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]))

    let mcp = router.group("mcp")
        .add(middleware: AuthMiddleware(
            sessions: dependencies.sessions, limiter: dependencies.limiter, openReads: configuration.openReads,
            alwaysOpenPaths: [], readOnlyPaths: ["/mcp"]))
    MCPController(library: library, maxBodySize: configuration.maxBodySize).addRoutes(to: mcp)

    WebController(library: library, sessions: dependencies.sessions, limiter: dependencies.limiter, configuration: configuration)
        .addRoutes(to: router)
    return router
}

/// The application: the router, the idle-session sweeper, graceful shutdown on SIGINT/SIGTERM (via `runService()`).
/// - Parameter onServerRunning: called with the port once the server listens (useful with port 0).
public func buildApplication(
    _ dependencies: ServerDependencies, logger: Logger? = nil,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let logger = logger ?? Logger(label: "prompt-presets.server")
    let configuration = dependencies.configuration
    let limits = configuration.limits
    let registry = ConnectionRegistry(maxConnections: limits.maxConnections)
    // Binds the address the loopback decision was made on, not the name again.
    let address = configuration.boundAddress ?? ServerConfiguration.unbracketed(configuration.host)
    // A service that returns stops the server, so the webhooks run only when there are some.
    var services: [any Service] = [
        StoreFollowerService(library: dependencies.library, configuration: configuration, logger: logger),
        SessionExpiryService(library: dependencies.library, configuration: configuration, logger: logger),
    ]
    if !dependencies.webhooks.isEmpty {
        services.append(WebhookService(library: dependencies.library, webhooks: dependencies.webhooks, logger: logger))
    }
    return Application(
        router: try buildRouter(dependencies),
        server: .http1(configuration: .init(
            additionalChannelHandlers: [ConnectionGuardHandler(limits: limits, registry: registry)])),
        configuration: .init(address: .hostname(address, port: configuration.port), serverName: "prompt-presets"),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// Seals edit sessions left idle past the timeout, checking every `sessionExpiryInterval` seconds.
struct SessionExpiryService: Service {
    let library: PresetLibrary
    let configuration: ServerConfiguration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: .seconds(configuration.sessionExpiryInterval))
                } catch {
                    return
                }
                do {
                    let expired = try await library.expireIdleSessions(idleFor: configuration.sessionIdleTimeout)
                    if !expired.isEmpty {
                        logger.info("sealed idle edit sessions", metadata: ["session.count": "\(expired.count)"])
                    }
                } catch {
                    logger.error("could not seal idle edit sessions: \(error)")
                }
            }
        }
    }
}

/// Follows the store: commits by other processes (a CLI, another server) reach this server's
/// snapshot, resolve answers and ETags within one poll interval.
struct StoreFollowerService: Service {
    let library: PresetLibrary
    let configuration: ServerConfiguration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await library.follow(every: .milliseconds(configuration.followIntervalMilliseconds)) { error in
                logger.error("could not follow the store: \(error)")
            }
        }
    }
}
