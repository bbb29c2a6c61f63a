import MCP
import PromptPresets

/// Where a rendered prompt came from, as the `_meta` of a `prompts/get` answer: the same
/// facts `GET /api/v1/resolve` gives, without the config itself.
enum Provenance {
    static func metadata(of resolution: Resolution) -> Metadata {
        Metadata(additionalFields: [
            "operation": .string(resolution.operation),
            "preset": .string(resolution.preset),
            "source": .string(resolution.source.rawValue),
            "artifact": resolution.artifact.map { .object(["name": .string($0.name), "number": .int($0.number)]) } ?? .null,
            "isDefault": .bool(resolution.isDefault),
            "defaultVersion": .string(resolution.defaultVersion.description),
            "updateAvailable": .bool(resolution.update != nil),
            "update": resolution.update.map(value) ?? .null,
            "warnings": .array(resolution.warnings.map(Value.string)),
        ])
    }

    private static func value(_ update: UpdateInfo) -> Value {
        .object([
            "from": update.from.map { .string($0.description) } ?? .null,
            "to": .string(update.to.description),
            "changelog": .array(update.changelog.map(Value.string)),
        ])
    }
}
