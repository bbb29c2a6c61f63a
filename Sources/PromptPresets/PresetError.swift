import Foundation

/// Everything the domain refuses, each with the sentence a user sees.
public enum PresetError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownOperation(String, valid: [String])
    case presetNotFound(String, suggestion: String?)
    case artifactNotFound(operation: String, name: String, suggestion: String?)
    case unknownDefaultVersion(operation: String, version: String)
    case invalidConfig([ValidationIssue])
    case invalidName(String, reason: String)
    case reservedName(String)
    case presetNameTaken(String)
    case artifactNameTaken(operation: String, name: String)
    case defaultPresetIsReadOnly
    case defaultArtifactIsReadOnly(operation: String)
    case artifactInUse(operation: String, name: String, presets: [String])
    case staleRevision(kind: String, name: String, expected: Int, actual: Int)
    case sessionNotFound(String)
    case noUpdatePending(preset: String, operation: String)
    case mergeConflicts(operation: String, fields: [String])
    /// A merge decision for a field that does not fit the merge's conflicts.
    case invalidMergeResolution(field: String, reason: String)
    case connectionProfileNotFound(String)
    case connectionProfileNameTaken(String)
    case bindingNotFound(String)
    case missingTemplateValue(String)
    /// A store refused a write because what it holds changed since the snapshot was read.
    case conflict(String)
    /// The version counter of an operation cannot grow (a damaged or tampered store).
    case counterExhausted(operation: String)
    /// Another editor holds the edit session of this preset and operation (§6.1).
    case sessionHeld(preset: String, operation: String, owner: String, since: Date)

    public var description: String {
        switch self {
        case .unknownOperation(let key, let valid):
            "Unknown operation '\(key)'. Valid operations: \(valid.joined(separator: ", "))."
        case .presetNotFound(let name, let suggestion):
            "No preset named '\(name)'." + (suggestion.map { " Did you mean '\($0)'?" } ?? "")
        case .artifactNotFound(let operation, let name, let suggestion):
            "No version named '\(name)' for operation '\(operation)'." + (suggestion.map { " Did you mean '\($0)'?" } ?? "")
        case .unknownDefaultVersion(let operation, let version):
            "Operation '\(operation)' has no default version \(version)."
        case .invalidConfig(let issues):
            issues.map(\.description).joined(separator: "; ")
        case .invalidName(let name, let reason):
            "Invalid name '\(name.debugEscaped)': \(reason)."
        case .reservedName(let name):
            "The name '\(name)' is reserved for the built-in default."
        case .presetNameTaken(let name):
            "A preset named '\(name)' already exists."
        case .artifactNameTaken(let operation, let name):
            "Operation '\(operation)' already has a version named '\(name)'."
        case .defaultPresetIsReadOnly:
            "The Default preset cannot be changed; duplicate it first (presets duplicate Default)."
        case .defaultArtifactIsReadOnly(let operation):
            "The default of '\(operation)' is part of the catalog and cannot be changed, renamed or deleted."
        case .artifactInUse(let operation, let name, let presets):
            "Version '\(name)' of '\(operation)' is used by preset\(presets.count == 1 ? "" : "s") \(presets.map { "'\($0)'" }.joined(separator: ", ")); point \(presets.count == 1 ? "it" : "them") elsewhere first."
        case .staleRevision(let kind, let name, let expected, let actual):
            "Conflict: \(kind) '\(name)' changed since it was read (revision \(expected), now \(actual)); reload and try again."
        case .sessionNotFound(let id):
            "No open edit session '\(id)'."
        case .noUpdatePending(let preset, let operation):
            "No update is pending for '\(operation)' in preset '\(preset)'."
        case .mergeConflicts(let operation, let fields):
            "Merging '\(operation)' conflicts in \(fields.joined(separator: ", ")); nothing was written. Resolve by choosing mine or theirs."
        case .invalidMergeResolution(let field, let reason):
            "resolutions.\(field.debugEscaped): \(reason) Nothing was written."
        case .connectionProfileNotFound(let name):
            "No connection profile named '\(name)'."
        case .connectionProfileNameTaken(let name):
            "A connection profile named '\(name)' already exists."
        case .bindingNotFound(let scope):
            "No binding for \(scope)."
        case .missingTemplateValue(let name):
            "No value given for template variable {{\(name)}}."
        case .conflict(let detail):
            "Conflict: \(detail) changed since it was read; reload and try again."
        case .counterExhausted(let operation):
            "The version counter of '\(operation)' is at its maximum; the store is damaged. Restore a backup."
        case .sessionHeld(let preset, let operation, let owner, let since):
            "'\(operation)' of preset '\(preset)' is being edited by \(owner) since \(since.ISO8601Format()); take the session over to edit it here."
        }
    }
}

extension String {
    /// The string with control characters shown as escapes, safe to print in one line.
    var debugEscaped: String {
        unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined()
    }
}
