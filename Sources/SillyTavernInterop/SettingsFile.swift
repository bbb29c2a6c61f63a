import Foundation
import PromptPresets

/// SillyTavern's `settings.json`: reading it, and finding the parts the Auto-Recap extension owns (§9).
///
/// ```swift
/// let settings = try SettingsFile.parse(data)
/// let section = try SettingsFile.extensionSection(of: settings)
/// let profiles = try SettingsFile.connectionProfiles(in: settings)   // id, name, api only
/// ```
public enum SettingsFile {
    /// Where the extension keeps its data.
    public static let sectionPath = "extension_settings.auto_recap_memory"
    /// Where SillyTavern's connection manager keeps its profiles.
    public static let connectionProfilesPath = "extension_settings.connectionManager.profiles"

    /// Parses the bytes of a settings file: strict JSON (truncation, invalid UTF-8 and duplicated
    /// keys are refused with where they are), with an object at the root.
    /// - Throws: `malformedJSON`, or `wrongType` when the root is not an object.
    public static func parse(_ data: Data) throws(SillyTavernError) -> JSONValue {
        let value: JSONValue
        do {
            value = try StrictJSON.parse(data, limits: .settingsFile)
        } catch {
            throw .malformedJSON(error.description)
        }
        guard value.objectValue != nil else {
            throw .wrongType(path: "(root)", expected: "an object", found: value.kindDescription)
        }
        return value
    }

    /// The extension's section, `extension_settings.auto_recap_memory`.
    /// - Throws: `extensionSectionMissing`, or `wrongType` when a level is not an object.
    public static func extensionSection(of settings: JSONValue) throws(SillyTavernError) -> [String: JSONValue] {
        let root = try object(settings, at: .root)
        guard let extensions = root["extension_settings"] else { throw .extensionSectionMissing }
        let extensionsObject = try object(extensions, at: JSONPath.root.appending("extension_settings"))
        guard let section = extensionsObject["auto_recap_memory"] else { throw .extensionSectionMissing }
        return try object(section, at: .section)
    }

    /// The section `migrate` reads: the extension's, or, in a 1.0.x install that never had one,
    /// `extension_settings.auto_summarize_memory` (the release's namespace, with `scene_summary_*`,
    /// `running_scene_summary_*` and `auto_lorebooks_summary_*` keys), with the path reports use.
    /// - Throws: `extensionSectionMissing` when neither exists, or `wrongType`.
    static func migrationSection(of settings: JSONValue) throws(SillyTavernError) -> ([String: JSONValue], JSONPath) {
        do {
            return (try extensionSection(of: settings), .section)
        } catch .extensionSectionMissing {
            guard let old = settings.objectValue?["extension_settings"]?.objectValue?["auto_summarize_memory"] else {
                throw .extensionSectionMissing
            }
            return (try object(old, at: .legacySection), .legacySection)
        }
    }

    /// Whether the file has the extension's 2.x section (a 1.0.x file may have only its old namespace).
    public static func hasExtensionSection(_ settings: JSONValue) -> Bool {
        settings.objectValue?["extension_settings"]?.objectValue?["auto_recap_memory"] != nil
    }

    /// The section a write-back fills: the extension's, or an empty one in a 1.0.x install that only
    /// has `auto_summarize_memory` (whose data `migrate` moved into the store).
    /// - Throws: `extensionSectionMissing` when neither exists, or `wrongType`.
    static func writableSection(of settings: JSONValue) throws(SillyTavernError) -> [String: JSONValue] {
        let (section, path) = try migrationSection(of: settings)
        return path == .section ? section : [:]
    }

    /// The connection manager's profiles, keeping only `id`, `name` and `api`: every other key
    /// (the `secret-id` in particular) is dropped here and never reaches the store or a report.
    /// A file without a connection manager has none.
    /// - Throws: `wrongType` for a malformed list or entry.
    public static func connectionProfiles(in settings: JSONValue) throws(SillyTavernError) -> [ConnectionProfile] {
        guard let extensions = settings.objectValue?["extension_settings"]?.objectValue,
              let manager = extensions["connectionManager"]
        else { return [] }
        let managerPath = JSONPath.root.appending("extension_settings").appending("connectionManager")
        guard let list = try object(manager, at: managerPath)["profiles"] else { return [] }
        let listPath = managerPath.appending("profiles")
        guard let entries = list.arrayValue else {
            throw .wrongType(path: listPath.description, expected: "an array", found: list.kindDescription)
        }
        var profiles: [ConnectionProfile] = []
        for (index, entry) in entries.enumerated() {
            let entryPath = listPath.appending(index)
            let members = try object(entry, at: entryPath)
            let id = try string(members["id"], at: entryPath.appending("id"))
            let name = try string(members["name"], at: entryPath.appending("name"))
            let api = members["api"]?.stringValue ?? ""
            profiles.append(ConnectionProfile(id: id, name: name, api: api))
        }
        return profiles
    }

    // MARK: Typed access with paths

    static func object(_ value: JSONValue, at path: JSONPath) throws(SillyTavernError) -> [String: JSONValue] {
        guard let members = value.objectValue else {
            throw .wrongType(path: path.description, expected: "an object", found: value.kindDescription)
        }
        return members
    }

    static func array(_ value: JSONValue, at path: JSONPath) throws(SillyTavernError) -> [JSONValue] {
        guard let elements = value.arrayValue else {
            throw .wrongType(path: path.description, expected: "an array", found: value.kindDescription)
        }
        return elements
    }

    static func string(_ value: JSONValue?, at path: JSONPath) throws(SillyTavernError) -> String {
        guard let value else { throw .invalidValue(path: path.description, problem: "missing") }
        guard let text = value.stringValue else {
            throw .wrongType(path: path.description, expected: "a string", found: value.kindDescription)
        }
        return text
    }

    /// A string, or nil for null or absent.
    static func optionalString(_ value: JSONValue?, at path: JSONPath) throws(SillyTavernError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw .wrongType(path: path.description, expected: "a string or null", found: other.kindDescription)
        }
    }
}

/// A JSON path inside `settings.json`, written the way errors and reports show it:
/// `extension_settings.auto_recap_memory.character_sticky_presets["alice.png"]`.
struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    let description: String

    static let root = JSONPath(description: "")
    static let section = JSONPath(description: SettingsFile.sectionPath)
    /// The 1.0.x release's namespace.
    static let legacySection = JSONPath(description: "extension_settings.auto_summarize_memory")

    func appending(_ key: String) -> JSONPath {
        let isIdentifier = !key.isEmpty && !(key.first!.isNumber)
            && key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
        if isIdentifier { return JSONPath(description: description.isEmpty ? key : "\(description).\(key)") }
        return JSONPath(description: "\(description)[\(JSONValue.string(key).canonicalText)]")
    }

    func appending(_ index: Int) -> JSONPath {
        JSONPath(description: "\(description)[\(index)]")
    }
}
