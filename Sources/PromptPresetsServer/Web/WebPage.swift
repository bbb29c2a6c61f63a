import Foundation
import PromptPresets

/// What the app page shows: the context from the query, the preset in effect and the one viewed.
///
/// Built from one snapshot, so everything on the page is consistent; rendered by `WebTemplates.page`.
/// Values are plain dictionaries and arrays because that is what Mustache reads; every string
/// reaches the HTML through `{{x}}`, which escapes it.
struct WebPage {
    let snapshot: Snapshot
    let context: Context
    /// The raw context inputs (empty strings for what the user left blank).
    let profileInput: String
    let characterInput: String
    let chatInput: String
    /// The preset the user picked in the selector, if any; otherwise the one in effect is shown.
    let requestedPreset: PresetID?
    /// The operation whose section starts open.
    let openOperation: String?

    init(snapshot: Snapshot, query: [String: String]) {
        func value(_ key: String) -> String {
            (query[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        self.snapshot = snapshot
        profileInput = value("profile")
        characterInput = value("character")
        chatInput = value("chat")
        context = Context(
            chat: chatInput.isEmpty ? nil : chatInput,
            character: characterInput.isEmpty ? nil : characterInput,
            profile: profileInput.isEmpty ? nil : profileInput)
        let presetValue = value("preset")
        requestedPreset = presetValue.isEmpty ? nil : PresetID(presetValue)
        let operationValue = value("open")
        openOperation = operationValue.isEmpty ? nil : operationValue
    }

    /// The Mustache context of the app page.
    func renderContext(csrfToken: String) -> [String: Any] {
        let resolution = snapshot.resolvePreset(in: context)
        let viewed = requestedPreset.flatMap { snapshot.preset(id: $0) } ?? resolution.preset
        let isInEffect = viewed.id == resolution.preset.id
        let updates = snapshot.pendingUpdates()
        let sourceScope = scope(of: resolution.source)

        var page: [String: Any] = [
            "csrfToken": csrfToken,
            "assetVersion": WebAssets.version,
            "catalogName": snapshot.catalog.name,
            "profile": profileInput,
            "character": characterInput,
            "chat": chatInput,
            "effectiveProfile": context.profile,
            "presets": snapshot.allPresets.map { preset in
                ["id": preset.id.rawValue, "name": preset.name, "selected": preset.id == viewed.id] as [String: Any]
            },
            "viewedID": viewed.id.rawValue,
            "viewedName": viewed.name,
            "viewedDescription": viewed.description,
            "hasViewedDescription": !viewed.description.isEmpty,
            "viewedIsDefault": viewed.isDefault,
            "viewedRevision": viewed.revision,
            "isInEffect": isInEffect,
            "effectiveName": resolution.preset.name,
            "effectiveID": resolution.preset.id.rawValue,
            "source": resolution.source.rawValue,
            "sourceText": sourceText(resolution.source),
            "sourceKind": sourceScope?.kind.rawValue ?? "",
            "sourceKey": sourceScope?.key ?? "",
            "resolutionWarnings": resolution.warnings,
            "hasResolutionWarnings": !resolution.warnings.isEmpty,
            "bindings": bindingLines(),
            "updateCount": updates.count,
            "hasUpdates": !updates.isEmpty,
            "updates": updates.map(updateRow),
            "connectionProfiles": snapshot.connectionProfiles.values
                .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
                .map { ["id": $0.id, "name": $0.name] as [String: Any] },
            "operations": snapshot.catalog.operations.map { operationSection($0, in: viewed) },
            "glance": glanceRows(),
        ]
        // Which buttons apply (disabled ones are disabled, not error toasts).
        let canBindCharacter = context.character != nil && snapshot.bindings.characters[context.character ?? ""] != viewed.id
        let canBindChat = context.chat != nil && snapshot.bindings.chats[context.chat ?? ""] != viewed.id
        page["canRename"] = !viewed.isDefault
        page["canDelete"] = !viewed.isDefault
        page["canBindCharacter"] = canBindCharacter
        page["canBindChat"] = canBindChat
        page["canUseForProfile"] = snapshot.bindings.profiles[context.profile] != viewed.id
        page["canClearBinding"] = sourceScope != nil
        page["clearBindingLabel"] = sourceScope.map { "Clear \($0.kind.rawValue) binding" } ?? "Clear binding"
        page["bindCharacterHint"] = context.character == nil
            ? "Enter a character in the context bar first" : "Pin this preset to character '\(context.character!)'"
        page["bindChatHint"] = context.chat == nil
            ? "Enter a chat in the context bar first" : "Pin this preset to chat '\(context.chat!)'"
        return page
    }

    // MARK: Preset bar

    private func scope(of source: ResolutionSource) -> Scope? {
        switch source {
        case .chat: context.chat.map(Scope.chat)
        case .character: context.character.map(Scope.character)
        case .profile: .profile(context.profile)
        case .default: nil
        }
    }

    private func sourceText(_ source: ResolutionSource) -> String {
        switch source {
        case .chat: "chat '\(context.chat ?? "")'"
        case .character: "character '\(context.character ?? "")'"
        case .profile: "profile '\(context.profile)'"
        case .default: "default (nothing bound)"
        }
    }

    /// One line per scope of the context: what it is bound to, if anything.
    private func bindingLines() -> [[String: Any]] {
        var scopes: [Scope] = []
        if let chat = context.chat { scopes.append(.chat(chat)) }
        if let character = context.character { scopes.append(.character(character)) }
        scopes.append(.profile(context.profile))
        return scopes.map { scope in
            let bound = snapshot.bindings[scope]
            let presetName = bound.map { snapshot.preset(id: $0)?.name ?? "(missing preset)" }
            return [
                "kind": scope.kind.rawValue, "key": scope.key, "boundID": bound?.rawValue ?? "",
                "isBound": presetName != nil, "boundName": presetName ?? "",
            ]
        }
    }

    /// What the context resolves to for every operation: version, preset and where it came from.
    private func glanceRows() -> [[String: Any]] {
        snapshot.catalog.operations.compactMap { definition in
            guard let resolution = try? snapshot.resolve(definition.key, in: context) else { return nil }
            return [
                "key": definition.key, "title": definition.title,
                "version": resolution.artifact?.name ?? "Default \(resolution.defaultVersion)",
                "isDefault": resolution.artifact == nil,
                "preset": resolution.preset,
                "source": sourceText(resolution.source),
                "hasUpdate": resolution.update != nil,
            ]
        }
    }

    // MARK: Operations

    private func operationSection(_ definition: OperationDefinition, in preset: Preset) -> [String: Any] {
        let reference = preset.operations[definition.key]
        let artifact = reference.flatMap { snapshot.artifacts[$0] }.flatMap { $0.operation == definition.key ? $0 : nil }
        let config = artifact?.config ?? definition.current.config
        let stored = snapshot.artifacts(of: definition.key)
        let defaultLabel = "Default (\(definition.current.version))"
        var versions: [[String: Any]] = [["id": "", "label": defaultLabel, "selected": artifact == nil]]
        versions += stored.map { candidate in
            ["id": candidate.id.rawValue, "label": candidate.name, "selected": candidate.id == artifact?.id] as [String: Any]
        }

        var section: [String: Any] = [
            "key": definition.key,
            "title": definition.title,
            "description": definition.description,
            "isOpen": openOperation == definition.key,
            "versions": versions,
            "versionName": artifact?.name ?? defaultLabel,
            "artifactID": artifact?.id.rawValue ?? "",
            "artifactName": artifact?.name ?? "",
            "artifactRevision": artifact.map { String($0.revision) } ?? "",
            "artifactDescription": artifact?.description ?? "",
            "isDefaultVersion": artifact == nil,
            "fields": fieldRows(definition.schema.fields, config: config),
            "schemaJSON": WebSchema.json(definition.schema).canonicalText,
            "configJSON": config.jsonValue.canonicalText,
            "variablesJSON": JSONValue.array(definition.variables.map { variable in
                .object(["name": .string(variable.name), "required": .bool(variable.isRequired),
                         "description": .string(variable.description)])
            }).canonicalText,
            "variables": definition.variables.map { variable in
                ["name": "{{\(variable.name)}}", "required": variable.isRequired, "about": variable.description] as [String: Any]
            },
            "hasVariables": !definition.variables.isEmpty,
            "hasPrompt": definition.hasPrompt,
        ]
        if reference != nil, artifact == nil {
            section["danglingWarning"] = "This preset points to a version that no longer exists; the default is used."
        }
        section["hasDanglingWarning"] = section["danglingWarning"] != nil
        let lint = Template.lint(config, schema: definition.schema, variables: definition.variables).map(\.description)
        section["lint"] = lint
        section["hasLint"] = !lint.isEmpty
        section["lintCount"] = lint.count

        if let artifact {
            let others = snapshot.presetsReferencing(artifact.id).filter { $0 != preset.name }
            let editors = snapshot.sessions.values.contains { $0.artifact == artifact.id || $0.previousArtifact == artifact.id }
            section["canDeleteVersion"] = others.isEmpty && !editors
            section["deleteHint"] = !others.isEmpty
                ? "Also used by: \(others.joined(separator: ", "))"
                : editors ? "An edit of this version is open" : "Delete \(artifact.name); this preset then uses the default"
            section["usedElsewhere"] = others.joined(separator: ", ")
            section["isUsedElsewhere"] = !others.isEmpty
            if let update = snapshot.update(for: artifact, in: definition) {
                section["hasUpdate"] = true
                section["updateText"] = "Default \(update.to) is available (yours is based on \(update.from?.description ?? "an unknown version"))"
            } else {
                section["hasUpdate"] = false
            }
            section["basedOn"] = artifact.basedOn.map { "Default \($0)" } ?? "unknown"
        } else {
            section["canDeleteVersion"] = false
            section["deleteHint"] = "The default cannot be deleted"
            section["hasUpdate"] = false
            section["isUsedElsewhere"] = false
            section["basedOn"] = ""
        }
        section["canRenameVersion"] = artifact != nil
        return section
    }

    /// The config shown read-only in a section, field by field in schema order.
    private func fieldRows(_ specs: [FieldSpec], config: Config) -> [[String: Any]] {
        specs.map { spec in
            let value = config[spec.key] ?? .null
            var row: [String: Any] = ["key": spec.key, "title": spec.title, "isText": false, "isTable": false, "isValue": false]
            switch spec.kind {
            case .text(_, true):
                row["isText"] = true
                row["text"] = value.stringValue ?? ""
                row["isEmpty"] = (value.stringValue ?? "").isEmpty
            case .list(let columns, _):
                row["isTable"] = true
                row["columns"] = columns.map { ["title": $0.title] }
                row["rows"] = (value.arrayValue ?? []).map { element in
                    ["cells": columns.map { column in
                        ["text": display(element.objectValue?[column.key] ?? .null, kind: column.kind)]
                    }]
                }
            case .record(let members), .nullable(.record(let members)):
                row["isValue"] = true
                // The extension writes null entry defaults for versions it imported.
                row["text"] = value == .null ? "— (the extension's built-in settings)" : members.map { member in
                    "\(member.title): \(display(value.objectValue?[member.key] ?? .null, kind: member.kind))"
                }.joined(separator: " · ")
            default:
                row["isValue"] = true
                row["text"] = display(value, kind: spec.kind)
            }
            return row
        }
    }

    private func display(_ value: JSONValue, kind: FieldKind) -> String {
        switch kind {
        case .connectionProfile:
            guard let id = value.stringValue else { return "current connection" }
            return snapshot.connectionProfiles[id]?.name ?? "unknown profile (\(id))"
        case .boolean:
            return value.boolValue == true ? "yes" : "no"
        case .nullable(.boolean):
            return value.boolValue.map { $0 ? "yes" : "no" } ?? "—"
        case .text(_, false):
            let text = value.stringValue ?? ""
            return text.isEmpty ? "(current)" : text
        default:
            return value.stringValue ?? value.intValue.map(String.init) ?? value.canonicalText
        }
    }

    // MARK: Updates

    private func updateRow(_ update: PendingUpdate) -> [String: Any] {
        let title = snapshot.catalog[update.operation]?.title ?? update.operation
        return [
            "presetID": update.preset.id.rawValue,
            "presetRevision": update.preset.revision,
            "presetName": update.preset.name,
            "operation": update.operation,
            "operationTitle": title,
            "artifactName": update.artifact.name,
            "from": update.info.from?.description ?? "unknown",
            "to": update.info.to.description,
            "changelog": update.info.changelog,
        ]
    }
}

/// The field schema as JSON, for the editor dialog to build its form from.
enum WebSchema {
    static func json(_ schema: FieldSchema) -> JSONValue {
        .array(schema.fields.map(json))
    }

    static func json(_ spec: FieldSpec) -> JSONValue {
        var object: [String: JSONValue] = ["key": .string(spec.key), "title": .string(spec.title)]
        object.merge(json(spec.kind)) { _, new in new }
        return .object(object)
    }

    private static func json(_ kind: FieldKind) -> [String: JSONValue] {
        switch kind {
        case .text(let maxLength, let isMultiline):
            ["kind": .string(isMultiline ? "multiline" : "text"), "maxLength": .int(maxLength)]
        case .boolean:
            ["kind": .string("boolean")]
        case .integer(let range):
            ["kind": .string("integer"), "min": .int(range.lowerBound), "max": .int(range.upperBound)]
        case .connectionProfile:
            ["kind": .string("connectionProfile")]
        case .list(let specs, let maxCount):
            ["kind": .string("list"), "fields": .array(specs.map(json)), "maxCount": .int(maxCount)]
        case .record(let specs):
            ["kind": .string("record"), "fields": .array(specs.map(json))]
        case .nullable(let wrapped):
            json(wrapped).merging(["nullable": .bool(true)]) { _, new in new }
        }
    }
}
