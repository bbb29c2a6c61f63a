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
        var warnings: [String] = []
        if let chat = context.chat, let id = bindings.chats[chat] {
            if let preset = preset(id: id) { return PresetResolution(preset: preset, source: .chat, warnings: warnings) }
            warnings.append("Chat '\(chat)' is bound to a preset that no longer exists; binding skipped.")
        }
        if let character = context.character, let id = bindings.characters[character] {
            if let preset = preset(id: id) { return PresetResolution(preset: preset, source: .character, warnings: warnings) }
            warnings.append("Character '\(character)' is bound to a preset that no longer exists; binding skipped.")
        }
        if let id = bindings.profiles[context.profile] {
            if let preset = preset(id: id) { return PresetResolution(preset: preset, source: .profile, warnings: warnings) }
            warnings.append("Profile '\(context.profile)' is bound to a preset that no longer exists; binding skipped.")
        }
        return PresetResolution(preset: .default, source: .default, warnings: warnings)
    }

    /// The config `operation` uses in `context`. Never fails for data problems: the default is the last resort.
    /// - Throws: `unknownOperation` when the catalog has no such operation.
    public func resolve(_ operation: String, in context: Context) throws(PresetError) -> Resolution {
        let definition = try catalog.operation(operation)
        return resolve(definition, with: resolvePreset(in: context))
    }

    /// Every catalog operation in `context`, in catalog order.
    public func resolveAll(in context: Context) -> [Resolution] {
        let presetResolution = resolvePreset(in: context)
        return catalog.operations.map { resolve($0, with: presetResolution) }
    }

    private func resolve(_ definition: OperationDefinition, with presetResolution: PresetResolution) -> Resolution {
        let preset = presetResolution.preset
        var warnings = presetResolution.warnings
        let current = definition.current
        if let id = preset.operations[definition.key] {
            if let artifact = artifacts[id], artifact.operation == definition.key {
                return Resolution(
                    operation: definition.key, preset: preset.name, presetID: preset.id, source: presetResolution.source,
                    artifact: ArtifactReference(name: artifact.name, number: artifact.number), isDefault: false,
                    defaultVersion: current.version, config: artifact.config,
                    update: update(for: artifact, in: definition), warnings: warnings)
            }
            warnings.append("Preset '\(preset.name)' points '\(definition.key)' to a version that no longer exists; using the default.")
        }
        return Resolution(
            operation: definition.key, preset: preset.name, presetID: preset.id, source: presetResolution.source,
            artifact: nil, isDefault: true, defaultVersion: current.version, config: current.config,
            update: nil, warnings: warnings)
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
