import PromptPresets

/// The client's cached answers by operation and context, with the freshness rules of
/// `Cache-Control: max-age, stale-while-revalidate` (RFC 5861) and invalidation by change events.
struct AnswerCache: Sendable {
    struct Key: Hashable, Sendable {
        var operation: String
        var context: Context
    }

    struct Entry: Sendable {
        var prompt: ResolvedPrompt
        var tag: String?
        var storedAt: ContinuousClock.Instant
        /// A change event arrived after the answer: it must be revalidated before it is used.
        var isInvalidated = false
        /// A background revalidation is running, so another is not started.
        var isRevalidating = false
    }

    /// What to do with a request, given the cache.
    enum Decision: Equatable {
        /// Answer from the cache, asking nothing.
        case fresh(ResolvedPrompt)
        /// Answer from the cache while a background revalidation runs; `start` says whether
        /// this request starts it (with `tag`).
        case staleWhileRevalidating(ResolvedPrompt, start: Bool, tag: String?)
        /// Ask the server (with the tag, when there is one) and wait for it.
        case ask(tag: String?)
    }

    let maxAge: Duration
    let staleWhileRevalidate: Duration
    private(set) var entries: [Key: Entry] = [:]

    init(maxAge: Duration, staleWhileRevalidate: Duration) {
        self.maxAge = maxAge
        self.staleWhileRevalidate = staleWhileRevalidate
    }

    /// Decides how to answer `key` at `now`; marks a background revalidation as started.
    mutating func decide(_ key: Key, now: ContinuousClock.Instant) -> Decision {
        guard var entry = entries[key], !entry.isInvalidated else { return .ask(tag: entries[key]?.tag) }
        let age = entry.storedAt.duration(to: now)
        if age < maxAge { return .fresh(entry.prompt) }
        guard age < maxAge + staleWhileRevalidate else { return .ask(tag: entry.tag) }
        if entry.isRevalidating { return .staleWhileRevalidating(entry.prompt, start: false, tag: entry.tag) }
        entry.isRevalidating = true
        entries[key] = entry
        return .staleWhileRevalidating(entry.prompt, start: true, tag: entry.tag)
    }

    /// The server's new answer.
    mutating func store(_ prompt: ResolvedPrompt, tag: String?, for key: Key, at now: ContinuousClock.Instant) {
        entries[key] = Entry(prompt: prompt, tag: tag, storedAt: now)
    }

    /// The server said the cached answer still holds; returns it.
    mutating func revalidated(_ key: Key, at now: ContinuousClock.Instant) -> ResolvedPrompt? {
        guard var entry = entries[key] else { return nil }
        entry.storedAt = now
        entry.isInvalidated = false
        entry.isRevalidating = false
        entries[key] = entry
        return entry.prompt
    }

    /// A revalidation failed: the entry may be revalidated again.
    mutating func revalidationFailed(_ key: Key) {
        entries[key]?.isRevalidating = false
    }

    /// The last answer for `key`, however old, for answering when the server cannot.
    func lastAnswer(_ key: Key) -> ResolvedPrompt? {
        entries[key]?.prompt
    }

    /// Something changed in the store: every answer must be revalidated before it is used again.
    mutating func invalidateAll() {
        for key in entries.keys { entries[key]?.isInvalidated = true }
    }
}
