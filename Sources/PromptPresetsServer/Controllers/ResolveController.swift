import Hummingbird
import PromptPresets
import PromptPresetsService

/// `GET /resolve`: the config an operation (or every operation) uses in a context — the same
/// object `prompt-presets resolve --json` prints, with a content `ETag` and `304` on `If-None-Match`.
///
/// The hot path: reads the in-memory snapshot only, never the disk.
struct ResolveController: Sendable {
    let library: PresetLibrary
    let cache = ResolveCache()

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get(use: resolve)
        return routes
    }

    @Sendable func resolve(_ request: Request, context: AppRequestContext) throws -> Response {
        let operation = try request.query("operation").flatMap { $0.isEmpty ? nil : $0 }
        let resolutionContext = try Context(
            chat: try request.query("chat").flatMap { $0.isEmpty ? nil : $0 },
            character: try request.query("character").flatMap { $0.isEmpty ? nil : $0 },
            profile: try request.query("profile").flatMap { $0.isEmpty ? nil : $0 }
        ).validated()
        let key = ResolveCache.Key(operation: operation, context: resolutionContext)
        let snapshot = library.snapshot
        let generation = UInt64(bitPattern: snapshot.version.rawValue)
        let text: String
        let tag: String
        if let cached = cache.lookup(key, generation: generation) {
            (text, tag) = cached
        } else {
            let value: JSONValue = if let operation {
                try snapshot.resolve(operation, in: resolutionContext).jsonValue
            } else {
                .array(snapshot.resolveAll(in: resolutionContext).map(\.jsonValue))
            }
            text = value.canonicalText
            tag = ETag.content(text)
            cache.store(key, generation: generation, text: text, tag: tag)
        }
        if let condition = request.headers[.ifNoneMatch], ETag.matches(condition, tag) {
            return Response(status: .notModified, headers: [.eTag: tag])
        }
        return JSONResponse.response(text, status: .ok, headers: [.eTag: tag])
    }
}

/// Serialized resolve answers of the current store version, so a repeated context costs a
/// dictionary lookup. Cleared whenever the snapshot changes, and when it grows past `capacity`.
final class ResolveCache: Sendable {
    struct Key: Hashable, Sendable {
        var operation: String?
        var context: Context
    }

    private struct State {
        var generation: UInt64 = 0
        var entries: [Key: (text: String, tag: String)] = [:]
    }

    let capacity: Int
    private let state = Locked(State())

    init(capacity: Int = 4_096) {
        self.capacity = capacity
    }

    func lookup(_ key: Key, generation: UInt64) -> (String, String)? {
        state.withLock { state in
            guard state.generation == generation, let entry = state.entries[key] else { return nil }
            return (entry.text, entry.tag)
        }
    }

    func store(_ key: Key, generation: UInt64, text: String, tag: String) {
        state.withLock { state in
            if state.generation != generation || state.entries.count >= capacity {
                state.entries.removeAll(keepingCapacity: true)
                state.generation = generation
            }
            state.entries[key] = (text, tag)
        }
    }
}
