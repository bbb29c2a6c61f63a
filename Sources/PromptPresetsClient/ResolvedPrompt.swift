import Foundation
import PromptPresets

/// What an operation resolves to in a context, in the wire shape `GET /api/v1/resolve` and
/// `prompt-presets resolve --json` share (`Resolution.jsonValue`).
public struct ResolvedPrompt: Sendable, Hashable, Decodable {
    public struct Version: Sendable, Hashable, Decodable {
        public var name: String
        public var number: Int
    }

    public struct Update: Sendable, Hashable, Decodable {
        /// The default version the user's version started from, when known.
        public var from: String?
        public var to: String
        public var changelog: [String]
    }

    public var operation: String
    public var preset: String
    public var source: ResolutionSource
    /// The stored version in use; `nil` when the preset uses the default.
    public var artifact: Version?
    public var isDefault: Bool
    /// The operation's current default version.
    public var defaultVersion: String
    public var config: Config
    /// A newer default than the one the user's version started from.
    public var update: Update?
    public var warnings: [String]

    /// The prompt text, when the operation has one.
    public var prompt: String? { config["prompt"]?.stringValue }
    /// The text that starts the model's reply, when set.
    public var prefill: String? { config["prefill"]?.stringValue }

    /// Decodes the wire JSON.
    public init(json: JSONValue) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(json.canonicalText.utf8))
    }

    /// The answer the catalog gives without any store: its current default.
    static func catalogDefault(_ operation: String, in context: Context, catalog: Catalog) throws -> ResolvedPrompt {
        try ResolvedPrompt(json: Snapshot(catalog: catalog).resolve(operation, in: context).jsonValue)
    }
}

/// A resolution with where it came from: the client never fails to answer for an operation
/// its catalog declares, so the caller can tell a fresh answer from a fallback.
public struct ClientAnswer: Sendable, Hashable {
    public enum Origin: Sendable, Hashable {
        /// The server answered now with a new body.
        case fetched
        /// The server answered now that the cached answer still holds (`304`).
        case revalidated
        /// The cache answered without asking: the answer is younger than `maxAge`.
        case cached
        /// The cache answered with an older answer while a revalidation runs in the background.
        case revalidating
        /// The server could not answer (`reason`); this is the last answer it gave.
        case stale(reason: String)
        /// The server has not answered for this context yet and could not now (`reason`): the
        /// catalog's own default, as a store without customisations would resolve it.
        case catalogDefault(reason: String)

        /// Whether the answer came from the server or a copy of its answer.
        public var isFromServer: Bool {
            if case .catalogDefault = self { return false }
            return true
        }
    }

    public var prompt: ResolvedPrompt
    public var origin: Origin
}
