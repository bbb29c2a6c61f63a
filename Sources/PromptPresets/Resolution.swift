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
public struct Resolution: Sendable, Hashable {
    public var operation: String
    public var preset: String
    public var presetID: PresetID
    public var source: ResolutionSource
    /// The stored version used, or `nil` when the default is used.
    public var artifact: ArtifactReference?
    public var isDefault: Bool
    /// The operation's current default version.
    public var defaultVersion: SemanticVersion
    /// A copy of the config; changing it changes nothing else.
    public var config: Config
    public var update: UpdateInfo?
    public var warnings: [String]
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
        let definition = catalog.operations[position]
        let row = entry.rows[position]
        var warnings = warnings
        if let warning = row.warning { warnings.append(warning) }
        return Resolution(
            operation: definition.key, preset: entry.preset.name, presetID: entry.preset.id, source: source,
            artifact: row.artifact, isDefault: row.artifact == nil, defaultVersion: definition.current.version,
            config: row.config, update: row.update, warnings: warnings)
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
