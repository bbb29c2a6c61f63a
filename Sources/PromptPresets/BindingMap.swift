import HashTreeCollections

/// The bindings of one scope kind (chat, character or profile), key → preset.
///
/// Resolution reads this on every LLM call and a million chats may be bound, so it has to
/// read like a plain dictionary; every write makes a new snapshot, so it has to write like a
/// persistent one. It is both: a flat `Dictionary` (`base`, shared by every snapshot until it
/// is rebuilt) under a persistent hash trie of the changes made since (`delta`). A lookup is
/// the trie (small, in cache) and then the flat table; a write touches the trie only, O(log n).
/// When the changes grow past an eighth of the table they are folded into a new flat table,
/// an O(n) step every n/8 writes, which is O(1) per write on average.
public struct BindingMap: Sendable {
    private var base: [String: PresetID]
    /// Keys changed since `base` was built: the new preset, or `nil` when the key was unbound.
    private var delta: TreeDictionary<String, PresetID?>
    public private(set) var count: Int

    /// Changes kept before folding: at least this many, and at least an eighth of the table.
    static let minimumDelta = 4_096

    public init() {
        base = [:]
        delta = [:]
        count = 0
    }

    public init(_ entries: [String: PresetID]) {
        base = entries
        delta = [:]
        count = entries.count
    }

    public var isEmpty: Bool { count == 0 }

    public subscript(key: String) -> PresetID? {
        if !delta.isEmpty, let changed = delta[key] { return changed }
        return base[key]
    }

    /// Sets or clears `key`, returning what it was bound to before.
    @discardableResult
    mutating func set(_ key: String, to preset: PresetID?) -> PresetID? {
        let old = self[key]
        guard old != preset else { return old }
        if base[key] == preset {
            delta[key] = nil
        } else {
            delta[key] = .some(preset)
        }
        count += (preset == nil ? -1 : 0) + (old == nil ? 1 : 0)
        if delta.count > Self.minimumDelta, delta.count > base.count / 8 { fold() }
        return old
    }

    /// Builds a new flat table with the changes applied (the old one stays with older snapshots).
    private mutating func fold() {
        var folded = base
        for (key, preset) in delta {
            folded[key] = preset
        }
        base = folded
        delta = [:]
    }

    /// Every binding, in no particular order.
    public var entries: [(key: String, value: PresetID)] {
        var result: [(key: String, value: PresetID)] = []
        result.reserveCapacity(count)
        for (key, preset) in base where delta[key] == nil {
            result.append((key, preset))
        }
        for (key, preset) in delta {
            if let preset { result.append((key, preset)) }
        }
        return result
    }
}

extension BindingMap {
    /// The bindings as a plain dictionary, each preset transformed.
    public func mapValues<T>(_ transform: (PresetID) throws -> T) rethrows -> [String: T] {
        var result: [String: T] = [:]
        result.reserveCapacity(count)
        for (key, preset) in entries { result[key] = try transform(preset) }
        return result
    }
}

extension BindingMap: Sequence {
    public func makeIterator() -> IndexingIterator<[(key: String, value: PresetID)]> {
        entries.makeIterator()
    }
}

extension BindingMap: Hashable {
    public static func == (lhs: BindingMap, rhs: BindingMap) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.entries.allSatisfy { rhs[$0.key] == $0.value }
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: the same bindings hash alike however they were written.
        var combined = 0
        for (key, preset) in entries {
            var entry = Hasher()
            entry.combine(key)
            entry.combine(preset)
            combined ^= entry.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension BindingMap: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, PresetID)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
