import Foundation
import PromptPresets
import PromptPresetsAPI

/// Shared wording of domain values, so every command shows them the same way (their JSON is the
/// API's wire types, printed by `Console.print(wire:)`).
enum Presentation {
    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    /// `v3 (#3)`: a stored version as users see it.
    static func versionLabel(name: String, number: Int) -> String {
        "\(name) (#\(number))"
    }

    /// `Default (1.1.0)`: a default version as users see it.
    static func defaultLabel(_ version: SemanticVersion) -> String {
        "\(Preset.defaultName) (\(version))"
    }

    static func versionLabel(_ artifact: ArtifactReference?, defaultVersion: SemanticVersion) -> String {
        artifact.map { versionLabel(name: $0.name, number: $0.number) } ?? defaultLabel(defaultVersion)
    }

    static func versionLabel(_ artifact: Artifact?, defaultVersion: SemanticVersion) -> String {
        artifact.map { versionLabel(name: $0.name, number: $0.number) } ?? defaultLabel(defaultVersion)
    }

    static func versionLabel(_ reference: VersionReference) -> String {
        if reference.isDefault, let version = reference.defaultVersion { return defaultLabel(version) }
        return versionLabel(name: reference.name, number: reference.number)
    }

    static func updateLabel(_ update: UpdateInfo?) -> String {
        guard let update else { return "-" }
        return "\(update.from?.description ?? "unknown") → \(update.to)"
    }

    /// Every field of a config in schema order; multi-line text indented below its name.
    static func render(_ config: Config, schema: FieldSchema, snapshot: Snapshot) -> String {
        schema.fields.map { spec in
            let value = config[spec.key] ?? .null
            let text = display(value, kind: spec.kind, snapshot: snapshot)
            if text.contains("\n") {
                let indented = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }
                return "\(spec.key):\n" + indented.joined(separator: "\n")
            }
            return "\(spec.key): \(text)"
        }
        .joined(separator: "\n")
    }

    /// A field value as a person reads it: text as is, profiles by name, structures as JSON.
    static func display(_ value: JSONValue, kind: FieldKind, snapshot: Snapshot) -> String {
        switch (kind, value) {
        case (.connectionProfile, .null): return "(current connection)"
        case (.connectionProfile, .string(let id)): return snapshot.connectionProfiles[id]?.name ?? "\(id) (unknown profile)"
        case (.text, .string(let text)): return text.isEmpty ? "\"\"" : text
        default: return value.prettyText
        }
    }

    /// Field diffs as text: a `--- field` heading per field, then `  `/`- `/`+ ` lines.
    static func render(_ diffs: [FieldDiff]) -> String {
        guard !diffs.isEmpty else { return "No differences." }
        return diffs.map { "--- \($0.field)\n" + LineDiff.render($0.lines) }.joined(separator: "\n")
    }
}


extension Console {
    /// Prints a JSON value, pretty and key-sorted, exactly (JSON escapes its own strings).
    func print(json value: JSONValue) {
        printRaw(value.prettyText)
    }

    /// A value of the API's wire types, exactly as the server sends it.
    func print(wire value: some Encodable) throws {
        print(json: try JSONValue(wire: value))
    }
}
