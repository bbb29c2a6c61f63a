import HTTPTypes
import Hummingbird
import NIOCore
import PromptPresets
import PromptPresetsService

/// `GET /resolve`: the config an operation (or every operation) uses in a context — the same
/// object `prompt-presets resolve --json` prints, with a content `ETag` and `304` on `If-None-Match`.
///
/// The hot path: reads the in-memory snapshot only, never the disk. The answer for one
/// operation is encoded once per snapshot and resolution (every chat that resolves to the same
/// preset row and source shares it), with its ETag computed once.
struct ResolveController: Sendable {
    let library: PresetLibrary
    let cache = ResolveCache()

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get(use: resolve)
        return routes
    }

    @Sendable func resolve(_ request: Request, context: AppRequestContext) throws -> Response {
        let query = try QueryParameters(context.queryPairs ?? request.queryPairs())
        let operation = try query.nonEmpty("operation")
        let resolutionContext = try Context(
            chat: try query.nonEmpty("chat"), character: try query.nonEmpty("character"), profile: try query.nonEmpty("profile")
        ).validated()
        let snapshot = library.snapshot
        let generation = UInt64(bitPattern: snapshot.version.rawValue)
        let answer: ResolveCache.Answer
        if let operation {
            let resolution = try snapshot.resolve(operation, in: resolutionContext)
            answer = cache.answer(for: .one(resolution.identity), generation: generation) { resolution.jsonValue }
        } else {
            answer = cache.answer(for: .all(resolutionContext), generation: generation) {
                .array(snapshot.resolveAll(in: resolutionContext).map(\.jsonValue))
            }
        }
        if let condition = request.headers[.ifNoneMatch], ETag.matches(condition, answer.tag) {
            return Response(status: .notModified, headers: [.eTag: answer.tag])
        }
        return Response(status: .ok, headers: answer.headers, body: .init(byteBuffer: answer.body))
    }
}

/// A request's query pairs looked up by name, parsed once per request.
struct QueryParameters {
    let pairs: [(name: String, value: String)]

    init(_ pairs: [(name: String, value: String)]) {
        self.pairs = pairs
    }

    /// The parameter's value when given once and not empty; `nil` when absent or empty.
    /// - Throws: 400 when it is given more than once.
    func nonEmpty(_ name: String) throws -> String? {
        var found: String?
        for pair in pairs where pair.name == name {
            if found != nil { throw APIError.badRequest("Query parameter '\(name)' is given more than once.") }
            found = pair.value
        }
        return found.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Encoded resolve answers of the current store version, so a repeated context costs a
/// dictionary lookup. Cleared whenever the snapshot changes, and when it grows past `capacity`.
final class ResolveCache: Sendable {
    enum Key: Hashable, Sendable {
        /// One operation's answer: the resolution's identity within the snapshot.
        case one(ResolutionIdentity)
        /// Every operation in a context.
        case all(Context)
    }

    /// One answer, ready to send: its bytes, its ETag and its headers.
    struct Answer: Sendable {
        let body: ByteBuffer
        let tag: String
        let headers: HTTPFields

        init(text: String) {
            body = ByteBuffer(string: text)
            tag = ETag.content(text)
            var fields: HTTPFields = [
                .contentType: "application/json; charset=utf-8", .contentLength: String(body.readableBytes), .eTag: tag,
                .cacheControl: "no-cache",
            ]
            fields.append(contentsOf: SecurityHeaders.fixed)
            headers = fields
        }
    }

    private struct State {
        var generation: UInt64 = 0
        var entries: [Key: Answer] = [:]
    }

    let capacity: Int
    private let state = Locked(State())

    init(capacity: Int = 4_096) {
        self.capacity = capacity
    }

    /// The cached answer, or `encode`'s, stored for the next request.
    func answer(for key: Key, generation: UInt64, encode: () -> JSONValue) -> Answer {
        if let cached = lookup(key, generation: generation) { return cached }
        let answer = Answer(text: encode().canonicalText)
        store(key, generation: generation, answer: answer)
        return answer
    }

    func lookup(_ key: Key, generation: UInt64) -> Answer? {
        state.withLock { state in
            guard state.generation == generation else { return nil }
            return state.entries[key]
        }
    }

    func store(_ key: Key, generation: UInt64, answer: Answer) {
        state.withLock { state in
            if state.generation != generation || state.entries.count >= capacity {
                state.entries.removeAll(keepingCapacity: true)
                state.generation = generation
            }
            state.entries[key] = answer
        }
    }
}
