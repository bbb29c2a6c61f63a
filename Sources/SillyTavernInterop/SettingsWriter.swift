import Foundation
import PromptPresets

/// The keys of `extension_settings.auto_recap_memory` that `sillytavern export` owns; every other
/// key of the file is left exactly as it was.
public let managedSettingsKeys: [String] = [
    "operation_artifacts", "operations_presets", "character_sticky_presets", "chat_sticky_presets",
    "active_operations_preset_global",
]

/// `settings` with the store's presets, user artifacts, stickies and global selection written into
/// the extension's section in the 2.x shape the extension reads (§9.3).
///
/// - `operation_artifacts`: per catalog operation, the file's stored `Default` entry as it was (or
///   one written from the current default when the file has none), then every user artifact by
///   number with `name, prompt, prefill, connection_profile` (the id), `completion_preset_name,
///   include_preset_prompts, isDefault: false, internalVersion` (its number), `createdAt/modifiedAt`
///   (epoch ms), `customLabel` and the operation's extra fields.
/// - `operations_presets`: the `Default` entry, then every stored preset with every catalog
///   operation mapped to an artifact name or `"Default"`.
/// - `character_sticky_presets`, `chat_sticky_presets`: from the bindings, by preset name.
/// - `active_operations_preset_global`: the preset bound to profile `Default` (else `"Default"`).
///
/// The store is the source of truth for the managed keys: presets and user artifacts that are in
/// the file but not in the store are not written (`writeSettings` keeps the previous file as a
/// backup). Everything else in the file, the connection manager included, is untouched, and
/// operations the catalog does not know keep their file entries.
/// - Throws: `extensionSectionMissing`, or `wrongType` when the file's shape is not SillyTavern's.
public func updatedSettings(_ settings: JSONValue, from snapshot: Snapshot) throws(SillyTavernError) -> JSONValue {
    guard var root = settings.objectValue else {
        throw .wrongType(path: "(root)", expected: "an object", found: settings.kindDescription)
    }
    var section = try SettingsFile.writableSection(of: settings)
    var extensions = root["extension_settings"]!.objectValue!
    let catalog = snapshot.catalog

    // operation_artifacts
    let artifactsPath = JSONPath.section.appending("operation_artifacts")
    var byOperation = try SettingsFile.object(section["operation_artifacts"] ?? .object([:]), at: artifactsPath)
    for definition in catalog.operations {
        let listPath = artifactsPath.appending(definition.key)
        let existing = try SettingsFile.array(byOperation[definition.key] ?? .array([]), at: listPath)
        let storedDefault = existing.first { $0.objectValue?["isDefault"] == .bool(true) }
        var list = [storedDefault ?? defaultArtifactEntry(definition)]
        for artifact in snapshot.artifacts(of: definition.key).reversed() {
            list.append(artifactEntry(artifact, definition))
        }
        byOperation[definition.key] = .array(list)
    }
    section["operation_artifacts"] = .object(byOperation)

    // operations_presets
    let presetsPath = JSONPath.section.appending("operations_presets")
    let filePresets = try SettingsFile.object(section["operations_presets"] ?? .object([:]), at: presetsPath)
    var defaultEntry = filePresets[Preset.defaultName]?.objectValue ?? [
        "name": .string(Preset.defaultName),
        "createdAt": .int(0),
        "modifiedAt": .int(0),
        "description": .string("Default configuration for all operations"),
    ]
    defaultEntry["isDefault"] = .bool(true)
    defaultEntry["operations"] = .object(Dictionary(uniqueKeysWithValues: catalog.operationKeys.map { ($0, JSONValue.string(Preset.defaultName)) }))
    var presets: [String: JSONValue] = [Preset.defaultName: .object(defaultEntry)]
    for preset in snapshot.presets.values {
        var operations: [String: JSONValue] = [:]
        for key in catalog.operationKeys {
            let name = preset.operations[key].flatMap { snapshot.artifacts[$0] }.map(\.name) ?? Preset.defaultName
            operations[key] = .string(name)
        }
        presets[preset.name] = .object([
            "name": .string(preset.name),
            "isDefault": .bool(false),
            "operations": .object(operations),
            "createdAt": .int(epochMilliseconds(preset.createdAt)),
            "modifiedAt": .int(epochMilliseconds(preset.modifiedAt)),
            "description": preset.description.isEmpty ? .null : .string(preset.description),
        ])
    }
    section["operations_presets"] = .object(presets)

    // Stickies and the global selection.
    func presetName(_ id: PresetID) -> String? { snapshot.preset(id: id)?.name }
    func stickies(_ bindings: some Sequence<(key: String, value: PresetID)>) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: bindings.compactMap { binding in
            presetName(binding.value).map { (binding.key, JSONValue.string($0)) }
        }))
    }
    section["character_sticky_presets"] = stickies(snapshot.bindings.characters)
    section["chat_sticky_presets"] = stickies(snapshot.bindings.chats)
    let global = snapshot.bindings.profiles[Context.defaultProfile].flatMap(presetName) ?? Preset.defaultName
    section["active_operations_preset_global"] = .string(global)

    extensions["auto_recap_memory"] = .object(section)
    root["extension_settings"] = .object(extensions)
    return .object(root)
}

/// One user artifact in the extension's shape.
private func artifactEntry(_ artifact: Artifact, _ definition: OperationDefinition) -> JSONValue {
    var entry: [String: JSONValue] = [
        "name": .string(artifact.name),
        "isDefault": .bool(false),
        "internalVersion": .int(artifact.number),
        "createdAt": .int(epochMilliseconds(artifact.createdAt)),
        "modifiedAt": .int(epochMilliseconds(artifact.modifiedAt)),
        "customLabel": artifact.label.map(JSONValue.string) ?? .null,
    ]
    for spec in definition.schema.fields {
        entry[spec.key] = artifact.config[spec.key] ?? definition.current.config[spec.key] ?? .null
    }
    return .object(entry)
}

/// The `Default` entry the extension expects first in each operation's list, from the current default.
private func defaultArtifactEntry(_ definition: OperationDefinition) -> JSONValue {
    let shipped = isoDate(definition.current.date).map(epochMilliseconds) ?? 0
    var entry: [String: JSONValue] = [
        "name": .string(Preset.defaultName),
        "isDefault": .bool(true),
        "internalVersion": .int(definition.history.count),
        "createdAt": .int(shipped),
        "modifiedAt": .int(shipped),
        "customLabel": .null,
    ]
    for (key, value) in definition.current.config.fields { entry[key] = value }
    return .object(entry)
}

private func epochMilliseconds(_ date: Date) -> Int {
    Int((date.timeIntervalSince1970 * 1000).rounded())
}

/// `2025-11-12` at midnight UTC.
private func isoDate(_ text: String) -> Date? {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3 else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
}

/// The text written to `settings.json`: JSON indented by two spaces, as SillyTavern writes it
/// (object keys sorted; SillyTavern does not depend on key order).
public func settingsText(_ value: JSONValue) -> String {
    value.prettyText + "\n"
}

/// Writes `value` over the settings file at `path`, atomically and with a backup.
///
/// Refuses when the file's bytes are no longer `expectedOriginal` (it changed on disk since it
/// was read). Otherwise copies the previous file to `<path>.bak-<yyyyMMdd-HHmmss>` (UTC, from
/// `now`; a `-2`, `-3`, … suffix when that name exists), writes a temporary file in the same
/// directory, syncs it, renames it over the original, and syncs the directory. The file keeps
/// its permissions. On any failure the original file is unchanged and the temporary file removed.
/// - Returns: the backup's path.
/// - Throws: `fileChangedOnDisk`, `readFailed` or `writeFailed`.
@discardableResult
public func writeSettings(
    _ value: JSONValue, to path: String, expectedOriginal: Data, now: Date
) throws(SillyTavernError) -> String {
    let current: Data
    do {
        current = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw .readFailed(path: path, reason: reason(error))
    }
    guard current == expectedOriginal else { throw .fileChangedOnDisk(path: path) }

    let backupPath = try backUpSettings(at: path, contents: current, now: now)
    // Through a symbolic link, replace the file it points at rather than the link.
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    try AtomicFile.write(Data(settingsText(value).utf8), to: target, mode: AtomicFile.permissions(of: target) ?? 0o644)
    return backupPath
}

/// Copies the settings file at `path` to `<path>.bak-<yyyyMMdd-HHmmss>` (UTC) before a change,
/// synced to disk; `sillytavern migrate` calls it before it reads a 1.x file into the store.
/// - Parameter contents: the bytes to back up, when already read; read from `path` otherwise.
/// - Returns: the backup's path.
@discardableResult
public func backUpSettings(at path: String, contents: Data? = nil, now: Date) throws(SillyTavernError) -> String {
    let data: Data
    if let contents {
        data = contents
    } else {
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw .readFailed(path: path, reason: reason(error)) }
    }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    let base = "\(path).bak-\(formatter.string(from: now))"
    var candidate = base
    var suffix = 2
    while FileManager.default.fileExists(atPath: candidate) {
        candidate = "\(base)-\(suffix)"
        suffix += 1
    }
    try AtomicFile.write(data, to: candidate, mode: 0o600, exclusive: true)
    return candidate
}

private func reason(_ error: any Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError { return "no such file" }
    return nsError.localizedDescription
}
