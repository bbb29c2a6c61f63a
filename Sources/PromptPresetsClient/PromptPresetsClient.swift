import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime
import PromptPresets
import PromptPresetsAPI

/// Reads resolutions from a PromptPresets server for a Swift application (§16).
///
/// Answers are cached in the process: younger than `maxAge` they are used without asking;
/// up to `staleWhileRevalidate` older they are used while one background request revalidates
/// them (`If-None-Match`, so an unchanged answer costs a `304`); older ones are revalidated
/// before answering. A change event from the server's stream marks every answer for
/// revalidation at once. When the server cannot answer, the last answer it gave is used
/// (stale-on-error), and without one the catalog's own default: `resolve` answers for every
/// operation of the catalog, the server up or down, and `ClientAnswer.origin` says which.
///
/// ```swift
/// let client = PromptPresetsClient(
///     configuration: .init(baseURL: "http://127.0.0.1:8080"), catalog: .autoRecap)
/// let answer = try await client.resolve("scene_recap", in: Context(chat: "chat-42"))
/// print(answer.prompt.prompt ?? "", answer.origin)
/// ```
///
/// The rest of the JSON API (presets, stored versions, bindings, connection profiles, the audit
/// log, the catalog) is `api`: the client generated from the server's OpenAPI document, on the
/// same HTTP client and token, with no cache and no fallback.
///
/// ```swift
/// let presets = try await client.api.listPresets().ok.body.json
/// ```
public final class PromptPresetsClient: Sendable {
    public struct Configuration: Sendable {
        /// The server, e.g. `http://127.0.0.1:8080`.
        public var baseURL: String
        /// The admin token, for servers whose reads are not open.
        public var token: String?
        /// How long an answer is used without asking the server.
        public var maxAge: Duration
        /// How much longer an answer is used while it is revalidated in the background.
        public var staleWhileRevalidate: Duration
        /// How long a request may take before the server counts as unreachable.
        public var requestTimeout: Duration
        /// Whether to follow the server's change events to invalidate answers.
        public var followsChanges: Bool

        public init(
            baseURL: String, token: String? = nil, maxAge: Duration = .seconds(5), staleWhileRevalidate: Duration = .seconds(60),
            requestTimeout: Duration = .seconds(2), followsChanges: Bool = true
        ) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.token = token
            self.maxAge = maxAge
            self.staleWhileRevalidate = staleWhileRevalidate
            self.requestTimeout = requestTimeout
            self.followsChanges = followsChanges
        }
    }

    /// Counts of how answers were made, for tests and dashboards.
    public struct Statistics: Sendable, Hashable {
        public var cached = 0
        public var fetched = 0
        public var revalidated = 0
        public var stale = 0
        public var catalogDefaults = 0
        public var changeEvents = 0
    }

    public let configuration: Configuration
    public let catalog: Catalog
    private let http: HTTPClient
    private let cache: Locked<AnswerCache>
    private let counts = Locked(Statistics())
    private let listener: Locked<Task<Void, Never>?> = Locked(nil)
    private let generated: Client?

    /// - Parameter http: the HTTP client to use; the shared one by default.
    public init(configuration: Configuration, catalog: Catalog, http: HTTPClient = .shared) {
        self.configuration = configuration
        self.catalog = catalog
        self.http = http
        self.cache = Locked(AnswerCache(maxAge: configuration.maxAge, staleWhileRevalidate: configuration.staleWhileRevalidate))
        self.generated = URL(string: configuration.baseURL).map { url in
            Client(
                serverURL: url,
                transport: AsyncHTTPClientTransport(configuration: .init(client: http, timeout: .init(configuration.requestTimeout))),
                middlewares: configuration.token.map { [BearerToken(token: $0)] } ?? [])
        }
        if configuration.followsChanges { startFollowingChanges() }
    }

    /// The server's JSON API as typed calls, generated from its OpenAPI document.
    /// - Throws: `ClientError.badBaseURL` when the configured base URL is not a URL.
    public var api: Client {
        get throws {
            guard let generated else { throw ClientError.badBaseURL(configuration.baseURL) }
            return generated
        }
    }

    deinit {
        listener.withLock { $0?.cancel() }
    }

    /// Stops following change events; cached answers then age by `maxAge` alone.
    public func stop() {
        listener.withLock { task in
            task?.cancel()
            task = nil
        }
    }

    public var statistics: Statistics { counts.withLock { $0 } }

    /// What `operation` resolves to in `context`: from the cache, the server, the last answer
    /// the server gave or the catalog's default, in that order of preference.
    /// - Throws: `PresetError.unknownOperation` when the catalog has no such operation (the
    ///   one mistake no fallback can answer), or the server's failure in the one case where
    ///   even the catalog's default does not resolve (a context the domain refuses).
    public func resolve(_ operation: String, in context: Context = Context()) async throws -> ClientAnswer {
        _ = try catalog.operation(operation)
        let key = AnswerCache.Key(operation: operation, context: context)
        switch cache.withLock({ $0.decide(key, now: .now) }) {
        case .fresh(let prompt):
            counts.withLock { $0.cached += 1 }
            return ClientAnswer(prompt: prompt, origin: .cached)
        case .staleWhileRevalidating(let prompt, let start, let tag):
            if start { Task { _ = try? await self.ask(key, tag: tag) } }
            counts.withLock { $0.cached += 1 }
            return ClientAnswer(prompt: prompt, origin: .revalidating)
        case .ask(let tag):
            return try await ask(key, tag: tag)
        }
    }

    /// Asks the server and records its answer; falls back when it cannot answer.
    private func ask(_ key: AnswerCache.Key, tag: String?) async throws -> ClientAnswer {
        do {
            let reply = try await fetch(key, tag: tag)
            switch reply {
            case .modified(let prompt, let newTag):
                cache.withLock { $0.store(prompt, tag: newTag, for: key, at: .now) }
                counts.withLock { $0.fetched += 1 }
                return ClientAnswer(prompt: prompt, origin: .fetched)
            case .notModified:
                if let prompt = cache.withLock({ $0.revalidated(key, at: .now) }) {
                    counts.withLock { $0.revalidated += 1 }
                    return ClientAnswer(prompt: prompt, origin: .revalidated)
                }
                return try await ask(key, tag: nil)
            }
        } catch {
            cache.withLock { $0.revalidationFailed(key) }
            let reason = String(describing: error)
            if let last = cache.withLock({ $0.lastAnswer(key) }) {
                counts.withLock { $0.stale += 1 }
                return ClientAnswer(prompt: last, origin: .stale(reason: reason))
            }
            // The operation was checked against the catalog, so its default resolves; should it
            // not, the server's failure is the error worth reporting.
            guard let fallback = try? ResolvedPrompt.catalogDefault(key.operation, in: key.context, catalog: catalog) else {
                throw error
            }
            counts.withLock { $0.catalogDefaults += 1 }
            return ClientAnswer(prompt: fallback, origin: .catalogDefault(reason: reason))
        }
    }

    enum Reply {
        case modified(ResolvedPrompt, tag: String?)
        case notModified
    }

    /// One `GET /api/v1/resolve`.
    private func fetch(_ key: AnswerCache.Key, tag: String?) async throws -> Reply {
        var request = HTTPClientRequest(url: try resolveURL(for: key))
        if let token = configuration.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let tag { request.headers.add(name: "If-None-Match", value: tag) }
        let response = try await http.execute(request, timeout: .init(configuration.requestTimeout))
        let body = try await response.body.collect(upTo: 8 << 20)
        switch response.status.code {
        case 200:
            let prompt = try JSONDecoder().decode(ResolvedPrompt.self, from: Data(body.readableBytesView))
            return .modified(prompt, tag: response.headers.first(name: "ETag"))
        case 304:
            return .notModified
        default:
            throw ClientError.status(response.status.code, String(buffer: body).prefix(300).description)
        }
    }

    private func resolveURL(for key: AnswerCache.Key) throws -> String {
        guard var components = URLComponents(string: configuration.baseURL + "/api/v1/resolve") else {
            throw ClientError.badBaseURL(configuration.baseURL)
        }
        var items = [URLQueryItem(name: "operation", value: key.operation), URLQueryItem(name: "profile", value: key.context.profile)]
        if let chat = key.context.chat { items.append(URLQueryItem(name: "chat", value: chat)) }
        if let character = key.context.character { items.append(URLQueryItem(name: "character", value: character)) }
        components.queryItems = items
        // `+` is a space in a query to most servers: send it encoded.
        let query = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        components.percentEncodedQuery = query
        guard let url = components.string else { throw ClientError.badBaseURL(configuration.baseURL) }
        return url
    }

    // MARK: Change events

    private func startFollowingChanges() {
        let events = ChangeEventListener(
            url: configuration.baseURL + "/api/v1/events", token: configuration.token, http: http)
        let task = Task { [weak self] in
            await events.run { [weak self] in
                guard let self else { return }
                self.cache.withLock { $0.invalidateAll() }
                self.counts.withLock { $0.changeEvents += 1 }
            }
        }
        listener.withLock { $0 = task }
    }
}

/// Sends the admin token with every generated call.
private struct BearerToken: ClientMiddleware {
    let token: String

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        request.headerFields[.authorization] = "Bearer \(token)"
        return try await next(request, body, baseURL)
    }
}

/// Why the server gave no usable answer (reported in `ClientAnswer.Origin`).
public enum ClientError: Error, CustomStringConvertible, Sendable {
    case status(UInt, String)
    case badBaseURL(String)

    public var description: String {
        switch self {
        case .status(let code, let body): "the server answered \(code): \(body)"
        case .badBaseURL(let url): "'\(url)' is not a base URL such as http://127.0.0.1:8080"
        }
    }
}
