/// Where a resolved preset came from.
public enum ResolutionSource: String, Sendable, Hashable, Codable, CaseIterable {
    case chat, character, profile, `default`
}

/// A stored artifact's name and number, as shown to users.
public struct ArtifactReference: Sendable, Hashable {
    public var name: String
    public var number: Int

    public init(name: String, number: Int) {
        self.name = name
        self.number = number
    }
}

/// A newer default than the one a user's version descends from (§6.2).
public struct UpdateInfo: Sendable, Hashable {
    /// The default version the user's version is based on, or `nil` when unknown.
    public var from: SemanticVersion?
    public var to: SemanticVersion
    /// Changelog lines of every default after `from`, each prefixed with its version.
    public var changelog: [String]
}

/// Which preset a context uses, and why.
public struct PresetResolution: Sendable, Hashable {
    public var preset: Preset
    public var source: ResolutionSource
    public var warnings: [String]
}

/// The config to use for one operation in one context, with where it came from (§5.4).
///
/// A value: changing one changes nothing else. Everything but the source and the context's
/// warnings is computed once per preset and operation when the snapshot changes and shared by
/// reference, so handing out a resolution costs one reference count, not a copy of every field
/// (resolution is the hot path of every LLM call).
public struct Resolution: Sendable, Hashable {
    private var shared: ResolvedOperation
    public var source: ResolutionSource
    /// Warnings about the context (skipped bindings), before the row's own.
    private var contextWarnings: [String]

    init(_ shared: ResolvedOperation, source: ResolutionSource, contextWarnings: [String]) {
        self.shared = shared
        self.source = source
        self.contextWarnings = contextWarnings
    }

    public var operation: String {
        get { shared.fields.operation }
        set { change { $0.operation = newValue } }
    }
    public var preset: String {
        get { shared.fields.preset }
        set { change { $0.preset = newValue } }
    }
    public var presetID: PresetID {
        get { shared.fields.presetID }
        set { change { $0.presetID = newValue } }
    }
    /// The stored version used, or `nil` when the default is used.
    public var artifact: ArtifactReference? {
        get { shared.fields.artifact }
        set { change { $0.artifact = newValue } }
    }
    public var isDefault: Bool {
        get { shared.fields.isDefault }
        set { change { $0.isDefault = newValue } }
    }
    /// The operation's current default version.
    public var defaultVersion: SemanticVersion {
        get { shared.fields.defaultVersion }
        set { change { $0.defaultVersion = newValue } }
    }
    /// A copy of the config; changing it changes nothing else.
    public var config: Config {
        get { shared.fields.config }
        set { change { $0.config = newValue } }
    }
    public var update: UpdateInfo? {
        get { shared.fields.update }
        set { change { $0.update = newValue } }
    }
    public var warnings: [String] {
        get { shared.fields.warning.map { contextWarnings + [$0] } ?? contextWarnings }
        set {
            contextWarnings = newValue
            change { $0.warning = nil }
        }
    }

    /// Copy on write: the shared row is never changed, this resolution gets its own.
    private mutating func change(_ body: (inout ResolvedOperation.Fields) -> Void) {
        var fields = shared.fields
        body(&fields)
        shared = ResolvedOperation(fields)
    }

    public static func == (lhs: Resolution, rhs: Resolution) -> Bool {
        var left = lhs.shared.fields, right = rhs.shared.fields
        left.warning = nil
        right.warning = nil
        return left == right && lhs.source == rhs.source && lhs.warnings == rhs.warnings
    }

    public func hash(into hasher: inout Hasher) {
        var fields = shared.fields
        fields.warning = nil
        hasher.combine(fields)
        hasher.combine(source)
        hasher.combine(warnings)
    }

    /// Everything this resolution's JSON depends on, hashed in constant time (the shared row by
    /// identity): two resolutions with equal identities print the same text. Meant for caches
    /// of encoded answers that hold one snapshot's resolutions.
    public var identity: ResolutionIdentity {
        ResolutionIdentity(row: shared, source: source, contextWarnings: contextWarnings)
    }
}

/// See `Resolution.identity`; holds the shared row, so an identity is never reused by another row.
public struct ResolutionIdentity: Hashable, Sendable {
    fileprivate let row: ResolvedOperation
    fileprivate let source: ResolutionSource
    fileprivate let contextWarnings: [String]

    public static func == (lhs: ResolutionIdentity, rhs: ResolutionIdentity) -> Bool {
        lhs.row === rhs.row && lhs.source == rhs.source && lhs.contextWarnings == rhs.contextWarnings
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(row))
        hasher.combine(source)
        hasher.combine(contextWarnings)
    }
}

/// What one operation of one preset resolves to, whatever the context: an immutable row of
/// the resolution index that resolutions share.
final class ResolvedOperation: Sendable {
    struct Fields: Sendable, Hashable {
        var operation: String
        var preset: String
        var presetID: PresetID
        var artifact: ArtifactReference?
        var isDefault: Bool
        var defaultVersion: SemanticVersion
        var config: Config
        var update: UpdateInfo?
        /// Set when the preset points at a version that no longer exists.
        var warning: String?
    }

    let fields: Fields

    init(_ fields: Fields) {
        self.fields = fields
    }
}

extension Snapshot {
    /// The preset a context uses: chat binding, else character binding, else the profile's
    /// active preset, else Default. Bindings to presets that no longer exist are skipped and reported.
    public func resolvePreset(in context: Context) -> PresetResolution {
        let (entry, source, warnings) = resolveEntry(in: context)
        return PresetResolution(preset: entry.preset, source: source, warnings: warnings)
    }

    /// The config `operation` uses in `context`. Never fails for data problems: the default is the last resort.
    /// - Throws: `unknownOperation` when the catalog has no such operation.
    public func resolve(_ operation: String, in context: Context) throws(PresetError) -> Resolution {
        guard let position = catalog.position(of: operation) else {
            throw .unknownOperation(operation, valid: catalog.operationKeys)
        }
        let (entry, source, warnings) = resolveEntry(in: context)
        return resolution(at: position, of: entry, source: source, warnings: warnings)
    }

    /// Every catalog operation in `context`, in catalog order.
    public func resolveAll(in context: Context) -> [Resolution] {
        let (entry, source, warnings) = resolveEntry(in: context)
        return catalog.operations.indices.map { resolution(at: $0, of: entry, source: source, warnings: warnings) }
    }

    private func resolveEntry(in context: Context) -> (ResolutionIndex.Entry, ResolutionSource, [String]) {
        let index = resolutionIndex
        var warnings: [String] = []
        if let chat = context.chat, let id = bindings.chats[chat] {
            if let entry = index.entry(id) { return (entry, .chat, warnings) }
            warnings.append("Chat '\(chat)' is bound to a preset that no longer exists; binding skipped.")
        }
        if let character = context.character, let id = bindings.characters[character] {
            if let entry = index.entry(id) { return (entry, .character, warnings) }
            warnings.append("Character '\(character)' is bound to a preset that no longer exists; binding skipped.")
        }
        if let id = bindings.profiles[context.profile] {
            if let entry = index.entry(id) { return (entry, .profile, warnings) }
            warnings.append("Profile '\(context.profile)' is bound to a preset that no longer exists; binding skipped.")
        }
        return (index.defaultEntry, .default, warnings)
    }

    private func resolution(
        at position: Int, of entry: ResolutionIndex.Entry, source: ResolutionSource, warnings: [String]
    ) -> Resolution {
        Resolution(entry.rows[position], source: source, contextWarnings: warnings)
    }

    /// The update available for `artifact`, if its operation's default moved past what it is
    /// based on and the user has not dismissed that default version.
    public func update(for artifact: Artifact, in definition: OperationDefinition) -> UpdateInfo? {
        let current = definition.current.version
        if let basedOn = artifact.basedOn, basedOn >= current { return nil }
        if artifact.dismissedVersions.contains(current) { return nil }
        return UpdateInfo(from: artifact.basedOn, to: current, changelog: definition.changelog(since: artifact.basedOn))
    }
}
