import Foundation
import PromptPresets

/// One object of the extension's section that sync tracks on its own: an artifact (by
/// operation and name), a preset, a character or chat sticky, or the global selection.
public struct SyncObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Comparable {
        case artifact, preset, character, chat, global
        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var kind: Kind
    /// The operation of an artifact; empty otherwise.
    public var group: String
    /// The artifact's name (`#<index>` for an entry without one), the preset's key, the sticky's key.
    public var name: String

    public init(_ kind: Kind, group: String = "", _ name: String) {
        self.kind = kind
        self.group = group
        self.name = name
    }

    public static func < (lhs: SyncObjectKey, rhs: SyncObjectKey) -> Bool {
        (lhs.kind, lhs.group, lhs.name) < (rhs.kind, rhs.group, rhs.name)
    }

    public var description: String {
        switch kind {
        case .artifact: "\(group) '\(name)'"
        case .preset: "preset '\(name)'"
        case .character, .chat: "\(kind.rawValue) '\(name)'"
        case .global: "the global selection"
        }
    }
}

/// The managed objects of a section, each with its value, in the order the file lists them.
public struct SyncObjects: Sendable, Hashable {
    public private(set) var values: [SyncObjectKey: JSONValue] = [:]
    public private(set) var order: [SyncObjectKey] = []

    public init() {}

    /// The managed objects of `section` (`extension_settings.auto_recap_memory`).
    public init(section: [String: JSONValue]) {
        if let byOperation = section["operation_artifacts"]?.objectValue {
            for operation in byOperation.keys.sorted() {
                for (index, entry) in (byOperation[operation]?.arrayValue ?? []).enumerated() {
                    let name = entry.objectValue?["name"]?.stringValue ?? "#\(index)"
                    insert(SyncObjectKey(.artifact, group: operation, name), entry)
                }
            }
        }
        for (field, kind) in Self.objectFields {
            guard let members = section[field]?.objectValue else { continue }
            for key in members.keys.sorted() { insert(SyncObjectKey(kind, key), members[key]!) }
        }
        if let global = section["active_operations_preset_global"] { insert(SyncObjectKey(.global, ""), global) }
    }

    /// The managed objects of a whole settings file (none in a 1.0.x file without the section).
    public init(settings: JSONValue) throws(SillyTavernError) {
        self.init(section: try SettingsFile.writableSection(of: settings))
    }

    static let objectFields: [(String, SyncObjectKey.Kind)] = [
        ("operations_presets", .preset), ("character_sticky_presets", .character), ("chat_sticky_presets", .chat),
    ]

    public subscript(key: SyncObjectKey) -> JSONValue? { values[key] }

    /// The objects whose keys `other` has too.
    public func restricted(to other: SyncObjects) -> SyncObjects {
        var result = SyncObjects()
        for key in order where other[key] != nil { result.insert(key, values[key]!) }
        return result
    }

    mutating func insert(_ key: SyncObjectKey, _ value: JSONValue) {
        if values.updateValue(value, forKey: key) == nil { order.append(key) }
    }

    /// `section` with its managed keys rebuilt from these objects; other keys are left as they are.
    /// A managed key that had no objects and was absent stays absent.
    func written(into section: [String: JSONValue]) -> [String: JSONValue] {
        var section = section
        var lists: [String: [JSONValue]] = [:]
        var objects: [String: [String: JSONValue]] = [:]
        for key in order {
            let value = values[key]!
            switch key.kind {
            case .artifact: lists[key.group, default: []].append(value)
            case .preset: objects["operations_presets", default: [:]][key.name] = value
            case .character: objects["character_sticky_presets", default: [:]][key.name] = value
            case .chat: objects["chat_sticky_presets", default: [:]][key.name] = value
            case .global: section["active_operations_preset_global"] = value
            }
        }
        if !values.keys.contains(where: { $0.kind == .global }) { section["active_operations_preset_global"] = nil }
        if section["operation_artifacts"] != nil || !lists.isEmpty {
            var byOperation = section["operation_artifacts"]?.objectValue ?? [:]
            for operation in Set(byOperation.keys).union(lists.keys) {
                byOperation[operation] = .array(lists[operation] ?? [])
            }
            section["operation_artifacts"] = .object(byOperation)
        }
        for (field, _) in Self.objectFields where section[field] != nil || objects[field] != nil {
            section[field] = .object(objects[field] ?? [:])
        }
        return section
    }
}

/// What the last import, export or sync of one settings file saw (§9.5): the file's objects as
/// it read or wrote them, and the store's objects rendered in the extension's shape right after.
///
/// Kept beside the settings file as `<file>.prompt-presets-base.json` (0600, written atomically),
/// so it travels with the file it describes and needs nothing from the store's schema.
public struct SyncBase: Sendable, Hashable {
    public static let formatName = "prompt-presets-sillytavern-base"
    public var file: SyncObjects
    public var store: SyncObjects
    /// The store it was taken with (its location), so another store does not use it.
    public var storeName: String

    public init(file: SyncObjects, store: SyncObjects, storeName: String) {
        self.file = file
        self.store = store
        self.storeName = storeName
    }

    /// Where the base of the settings file at `settingsPath` lives.
    public static func path(besides settingsPath: String) -> String { settingsPath + ".prompt-presets-base.json" }

    /// The base stored beside `settingsPath`, or nil when there is none.
    /// - Throws: `readFailed` / `invalidValue` for a base that exists but cannot be read.
    public static func read(besides settingsPath: String) throws(SillyTavernError) -> SyncBase? {
        let path = path(besides: settingsPath)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .readFailed(path: path, reason: error.localizedDescription)
        }
        let value: JSONValue
        do { value = try StrictJSON.parse(data, limits: .settingsFile) } catch {
            throw .invalidValue(path: path, problem: "not valid JSON (\(error.description)); delete it to sync without a base")
        }
        guard let root = value.objectValue, root["format"] == .string(formatName),
              let file = root["file"]?.arrayValue, let store = root["store"]?.arrayValue
        else { throw .invalidValue(path: path, problem: "not a sync base written by prompt-presets; delete it to sync without a base") }
        return SyncBase(file: objects(file), store: objects(store), storeName: root["storeName"]?.stringValue ?? "")
    }

    /// Writes the base beside `settingsPath`, atomically, readable by the owner only.
    public func write(besides settingsPath: String) throws(SillyTavernError) {
        let document = JSONValue.object([
            "format": .string(Self.formatName),
            "storeName": .string(storeName),
            "file": Self.json(file),
            "store": Self.json(store),
        ])
        try AtomicFile.write(Data((document.prettyText + "\n").utf8), to: Self.path(besides: settingsPath), mode: 0o600)
    }

    private static func json(_ objects: SyncObjects) -> JSONValue {
        .array(objects.order.map { key in
            .object(["kind": .string(key.kind.rawValue), "group": .string(key.group), "name": .string(key.name),
                     "value": objects[key]!])
        })
    }

    private static func objects(_ rows: [JSONValue]) -> SyncObjects {
        var objects = SyncObjects()
        for row in rows {
            guard let members = row.objectValue, let kind = members["kind"]?.stringValue.flatMap(SyncObjectKey.Kind.init),
                  let name = members["name"]?.stringValue, let value = members["value"]
            else { continue }
            objects.insert(SyncObjectKey(kind, group: members["group"]?.stringValue ?? "", name), value)
        }
        return objects
    }
}

/// Which side wins when the store and the file both changed the same object.
public enum SyncSide: String, Sendable, Hashable, CaseIterable {
    case store, file
}

/// One object sync changes or cannot decide.
public struct SyncChange: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable {
        /// The store's version goes into the file.
        case fromStore = "from store"
        /// The file's version goes into the store.
        case fromFile = "from file"
        /// Both changed it differently; `prefer` decided.
        case resolved
        /// Both changed it differently and nothing decided: nothing is written.
        case conflict
    }

    public var key: SyncObjectKey
    public var action: Action
    public var detail: String

    /// `from file   preset 'Brief' — added in SillyTavern`.
    public var line: String {
        action.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) + " \(key) — \(detail)"
    }

    public var jsonValue: JSONValue {
        .object([
            "kind": .string(key.kind.rawValue), "operation": key.group.isEmpty ? .null : .string(key.group),
            "name": .string(key.name), "action": .string(action.rawValue), "detail": .string(detail),
        ])
    }
}

/// What `sillytavern export` or `sync` did or would do: every object it moves between the store
/// and the file, every conflict, and what the import step and `--prune-legacy` did.
public struct SyncReport: Sendable, Hashable, CustomStringConvertible {
    public var changes: [SyncChange]
    /// The import step of `sync` and the keys `--prune-legacy` removed.
    public var items: [ReportItem]
    /// Bytes `--prune-legacy` saved, when it ran.
    public var bytesSaved: Int?

    public init(changes: [SyncChange], items: [ReportItem] = [], bytesSaved: Int? = nil) {
        self.changes = changes
        self.items = items
        self.bytesSaved = bytesSaved
    }

    public var conflicts: [SyncChange] { changes.filter { $0.action == .conflict } }

    public var text: String {
        var lines = items.map(\.line) + changes.map(\.line)
        let count = { (action: SyncChange.Action) in self.changes.filter { $0.action == action }.count }
        var summary = "SillyTavern sync: "
        if changes.isEmpty {
            summary += "the store and the file agree."
        } else {
            summary += "\(count(.fromStore)) from the store, \(count(.fromFile)) from SillyTavern, \(count(.resolved)) resolved, \(count(.conflict)) in conflict."
        }
        if let bytesSaved { summary += " --prune-legacy saved \(bytesSaved) bytes." }
        lines += lines.isEmpty ? [summary] : ["", summary]
        return lines.joined(separator: "\n")
    }

    public var description: String { text }

    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "changes": .array(changes.map(\.jsonValue)), "items": .array(items.map(\.jsonValue)),
        ]
        if let bytesSaved { object["bytesSaved"] = .int(bytesSaved) }
        return .object(object)
    }
}

/// The three-way merge of a settings file with the store (§9.5).
public struct SettingsMerge: Sendable, Hashable {
    /// The whole file with the merged section: what export writes.
    public var settings: JSONValue
    /// The merged objects, for the next base.
    public var objects: SyncObjects
    public var changes: [SyncChange]
    public var conflicts: [SyncChange] { changes.filter { $0.action == .conflict } }
    /// Whether the merged file differs from the file as read.
    public var changesFile: Bool
}

/// Three-way merges the managed objects of `settings` (the file now) with the store's, against
/// `base` (what the last sync saw): an object only one side changed since the base takes that
/// side's value, one neither changed keeps the file's value exactly, one both changed alike is
/// kept, and one both changed differently is a conflict unless `prefer` picks a side.
///
/// Without a base the file counts as unchanged: the store's objects win, and objects only the
/// file has are kept (never dropped).
/// - Throws: `extensionSectionMissing` or `wrongType` when the file is not SillyTavern's shape.
public func mergeSettings(
    _ settings: JSONValue, with snapshot: Snapshot, base: SyncBase?, prefer: SyncSide?
) throws(SillyTavernError) -> SettingsMerge {
    let fileSection = try SettingsFile.writableSection(of: settings)
    let file = SyncObjects(section: fileSection)
    let rendered = try updatedSettings(settings, from: snapshot)
    let store = SyncObjects(section: try SettingsFile.writableSection(of: rendered))
    let fileBase = base?.file ?? file
    let storeBase = base?.store ?? SyncObjects()

    var merged = SyncObjects()
    var changes: [SyncChange] = []
    var seen: Set<SyncObjectKey> = []
    let keys = (file.order + store.order + fileBase.order + storeBase.order).filter { seen.insert($0).inserted }
    for key in keys {
        let inFile = file[key], inStore = store[key]
        let fileChanged = inFile != fileBase[key]
        let storeChanged = inStore != storeBase[key]
        let chosen: JSONValue?
        switch (fileChanged, storeChanged) {
        case (false, false):
            chosen = inFile
        case (false, true):
            chosen = inStore
            changes.append(SyncChange(key: key, action: .fromStore, detail: verb(inFile, inStore, "the store")))
        case (true, false):
            chosen = inFile
            // A deletion in SillyTavern is kept in the file; the store keeps its own copy.
            let kept = inFile == nil && inStore != nil ? "; the store keeps its copy" : ""
            changes.append(SyncChange(key: key, action: .fromFile, detail: verb(fileBase[key], inFile, "SillyTavern") + kept))
        case (true, true) where inFile == inStore:
            chosen = inFile
        case (true, true):
            let detail = "\(verb(storeBase[key], inStore, "the store")) and \(verb(fileBase[key], inFile, "SillyTavern"))"
            switch prefer {
            case .store?:
                chosen = inStore
                changes.append(SyncChange(key: key, action: .resolved, detail: detail + "; the store's version kept (--prefer store)"))
            case .file?:
                chosen = inFile
                changes.append(SyncChange(key: key, action: .resolved, detail: detail + "; SillyTavern's version kept (--prefer file)"))
            case nil:
                chosen = inFile
                changes.append(SyncChange(key: key, action: .conflict, detail: detail + "; pass --prefer store or --prefer file"))
            }
        }
        if let chosen { merged.insert(key, chosen) }
    }
    // A preset written from the store names its versions; each must be in the file too, or the
    // extension would find a dangling name (a version the file never had, or dropped).
    for key in merged.order where key.kind == .preset && merged[key] == store[key] && merged[key] != file[key] {
        for (operation, name) in merged[key]?.objectValue?["operations"]?.objectValue ?? [:] {
            guard let name = name.stringValue, name != Preset.defaultName else { continue }
            let artifact = SyncObjectKey(.artifact, group: operation, name)
            guard merged[artifact] == nil, let value = store[artifact] else { continue }
            merged.insert(artifact, value)
            changes.append(SyncChange(key: artifact, action: .fromStore, detail: "written because \(key) uses it"))
        }
    }

    var root = settings.objectValue!
    var extensions = root["extension_settings"]!.objectValue!
    extensions["auto_recap_memory"] = .object(merged.written(into: fileSection))
    root["extension_settings"] = .object(extensions)
    let result = JSONValue.object(root)
    return SettingsMerge(settings: result, objects: merged, changes: changes, changesFile: result != settings)
}

/// How one side changed an object: "added in X", "removed in X" or "changed in X".
private func verb(_ before: JSONValue?, _ after: JSONValue?, _ side: String) -> String {
    switch (before, after) {
    case (nil, _): "added in \(side)"
    case (_, nil): "removed in \(side)"
    default: "changed in \(side)"
    }
}

/// The store's objects in the extension's shape, as `export` would write them into `settings`.
public func storeObjects(_ settings: JSONValue, from snapshot: Snapshot) throws(SillyTavernError) -> SyncObjects {
    SyncObjects(section: try SettingsFile.writableSection(of: try updatedSettings(settings, from: snapshot)))
}

/// `settings` without the extension's legacy flat keys (`<op>_prompt`, … of 1.x installs, which
/// `migrate` has read) and its stale per-profile copies (`profiles`), and how many bytes of the
/// written file that saves.
public func prunedLegacyKeys(
    _ settings: JSONValue, catalog: Catalog
) throws(SillyTavernError) -> (settings: JSONValue, removed: [String], bytesSaved: Int) {
    var section = try SettingsFile.extensionSection(of: settings)
    let removed = section.keys.filter {
        $0 == "profiles" || ($0 != LegacyKey.legacyEntityTypesKey && LegacyKey.isFlatKey($0, in: catalog))
    }.sorted()
    for key in removed { section[key] = nil }
    var root = settings.objectValue!
    var extensions = root["extension_settings"]!.objectValue!
    extensions["auto_recap_memory"] = .object(section)
    root["extension_settings"] = .object(extensions)
    let pruned = JSONValue.object(root)
    let saved = settingsText(settings).utf8.count - settingsText(pruned).utf8.count
    return (pruned, removed.map { JSONPath.section.appending($0).description }, saved)
}
