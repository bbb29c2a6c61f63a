import PromptPresets

extension OpenAPIDocument {
    /// The component schemas; each matches one encoder in `API/JSON/`.
    static var schemas: [String: JSONValue] {
        let string: JSONValue = .object(["type": "string"])
        let nullableString: JSONValue = .object(["type": ["string", "null"]])
        let integer: JSONValue = .object(["type": "integer"])
        let boolean: JSONValue = .object(["type": "boolean"])
        let anyObject: JSONValue = .object(["type": "object"])
        let dateTime: JSONValue = .object(["type": "string", "format": "date-time"])
        let strings = array(string)
        func nullable(_ name: String) -> JSONValue { .object(["oneOf": [ref(name), .object(["type": "null"])]]) }

        return [
            "Error": object(["error": string, "message": string]),
            "Health": object(["status": string, "since": string, "reason": string], required: ["status"]),
            "UpdateInfo": object(["from": nullableString, "to": string, "changelog": strings]),
            "VersionName": object(["name": string, "number": integer]),
            "VersionRef": object(["id": string, "name": string, "number": integer]),
            "Resolution": object([
                "operation": string, "preset": string,
                "source": .object(["type": "string", "enum": ["chat", "character", "profile", "default"]]),
                "artifact": nullable("VersionName"), "isDefault": boolean, "defaultVersion": string,
                "config": anyObject, "update": nullable("UpdateInfo"), "warnings": strings,
            ]),
            "Catalog": object(["name": string, "operations": array(ref("Operation"))]),
            "Operation": object([
                "key": string, "title": string, "description": string, "hasPrompt": boolean, "currentVersion": string,
                "fields": array(ref("Field")),
                "variables": array(object(["name": string, "description": string, "required": boolean])),
                "history": array(object(["version": string, "date": string, "changelog": strings])),
            ]),
            "Field": object(["key": string, "title": string, "kind": ref("FieldKind")]),
            "FieldKind": object(
                [
                    "type": .object(["type": "string", "enum": ["text", "boolean", "integer", "connectionProfile", "list", "record"]]),
                    "nullable": boolean, "maxLength": integer, "multiline": boolean, "minimum": integer, "maximum": integer,
                    "maxCount": integer, "fields": array(ref("Field")),
                ],
                required: ["type", "nullable"]),
            "Preset": object([
                "id": string, "name": string, "description": string, "isDefault": boolean, "revision": integer,
                "createdAt": dateTime, "modifiedAt": dateTime,
                "operations": array(object([
                    "operation": string, "artifact": nullable("VersionRef"), "isDefault": boolean, "defaultVersion": string,
                    "update": nullable("UpdateInfo"),
                ])),
            ]),
            "Artifact": object([
                "id": string, "operation": string, "name": string, "number": integer,
                "isDefault": .object(["const": false]), "label": nullableString, "description": string,
                "basedOn": nullableString, "parent": nullableString,
                "origin": .object(["type": "string", "enum": .array(ArtifactOrigin.allCases.map { .string($0.rawValue) })]),
                "createdAt": dateTime, "modifiedAt": dateTime, "revision": integer, "dismissedVersions": strings,
                "update": nullable("UpdateInfo"), "usedBy": strings, "config": anyObject,
            ]),
            "DefaultVersion": object([
                "id": .object(["type": "null"]), "name": string, "number": integer, "isDefault": .object(["const": true]),
                "defaultVersion": nullableString, "config": anyObject,
            ]),
            "Version": .object(["oneOf": [ref("Artifact"), ref("DefaultVersion")]]),
            "HistoryEntry": object([
                "id": nullableString, "name": string, "number": integer, "isDefault": boolean, "parent": nullableString,
                "changelog": strings, "date": string,
            ]),
            "FieldDiff": object([
                "field": string,
                "lines": array(object([
                    "change": .object(["type": "string", "enum": ["same", "removed", "added"]]), "text": string,
                ])),
            ]),
            "Diff": object(["operation": string, "from": string, "to": string, "fields": array(ref("FieldDiff"))]),
            "ArtifactDeleted": object(["deleted": ref("VersionRef"), "operation": string]),
            "PresetDeleted": object(["deleted": string, "removedBindings": array(ref("Binding"))]),
            "Binding": object([
                "scope": .object(["type": "string", "enum": ["chat", "character", "profile"]]), "key": string,
                "preset": string, "presetName": nullableString,
            ]),
            "Session": object([
                "id": string, "preset": string, "presetName": nullableString, "operation": string,
                "previousArtifact": nullableString, "artifact": nullableString, "openedAt": dateTime, "lastActivityAt": dateTime,
                "owner": string, "revision": integer, "config": anyObject,
            ]),
            "LintWarning": object([
                "kind": .object(["type": "string", "enum": ["missingRequiredVariable", "unknownVariable"]]),
                "field": string, "variable": string, "message": string,
            ]),
            "SessionState": object([
                "session": ref("Session"), "version": nullable("VersionRef"), "createdVersion": boolean,
                "lintWarnings": array(ref("LintWarning")),
            ]),
            "SessionEnd": object(["version": nullable("Artifact"), "presetReference": nullableString]),
            "SessionConflict": object(
                ["error": string, "message": string, "current": ref("SessionState")], required: ["error", "message"]),
            "PendingUpdate": object([
                "preset": object(["id": string, "name": string]), "operation": string, "artifact": ref("VersionRef"),
                "from": nullableString, "to": string, "changelog": strings,
            ]),
            "UpdateComparison": object([
                "update": ref("PendingUpdate"), "mineToNew": array(ref("FieldDiff")), "oldToNew": array(ref("FieldDiff")),
            ]),
            "ConfigMerge": object([
                "config": anyObject,
                "conflicts": array(object([
                    "field": string, "base": .object([:]), "mine": .object([:]), "theirs": .object([:]),
                    "textWithMarkers": nullableString,
                ])),
            ]),
            "ConnectionProfile": object(["id": string, "name": string, "api": string]),
            "ConnectionDeleted": object(["deleted": ref("ConnectionProfile"), "stillReferencedBy": strings]),
            "AuditEntry": object([
                "at": dateTime, "actor": string, "action": string, "subject": string, "before": nullableString,
                "after": nullableString,
            ]),
            "PruneResult": object(["pruned": array(object(["id": string, "operation": string, "name": string, "number": integer]))]),
            "ImportReport": object([
                "createdPresets": array(object(["originalName": string, "finalName": string])),
                "createdArtifacts": array(object(["operation": string, "sourceName": string, "name": string])),
                "reusedArtifacts": array(object(["operation": string, "sourceName": string, "name": string])),
                "defaultMappings": array(object(["operation": string, "sourceName": string, "matchedVersion": nullableString])),
                "skippedOperations": strings, "warnings": strings,
            ]),
            "ImportResult": object(["dryRun": boolean, "report": ref("ImportReport"), "presets": array(ref("Preset"))]),

            // Request bodies
            "PresetCreate": object(["name": string, "description": string], required: ["name"]),
            "NameDescription": object(["name": string, "description": string], required: [], minProperties: 1),
            "OptionalName": object(["name": string], required: []),
            "SetOperation": object(["artifact": nullableString]),
            "DuplicateVersion": object(["version": string]),
            "SessionOpen": object([
                "preset": string, "operation": string,
                "editor": .object(["type": "string", "minLength": 1, "maxLength": 100, "pattern": "^[!-~]+$"]),
                "takeOver": boolean,
                "bindCopyTo": object(["scope": .object(["type": "string", "enum": ["chat", "character", "profile"]]), "key": string]),
            ], required: ["preset", "operation"]),
            "SessionChange": .object(["oneOf": [
                object(["config": anyObject]),
                object(["set": .object(["type": "object", "minProperties": 1])]),
            ]]),
            "BindingSet": object([
                "scope": .object(["type": "string", "enum": ["chat", "character", "profile"]]), "key": string, "preset": string,
            ]),
            "MergeRequest": object(["prefer": .object(["type": "string", "enum": ["mine", "theirs"]])], required: []),
            "ConnectionCreate": object(["name": string, "api": string], required: ["name"]),
            "ConnectionRename": object(["name": string]),
            "PruneRequest": object(["keep": .object(["type": "integer", "minimum": 0, "maximum": 10000])], required: []),
        ]
    }

    /// A closed object schema; every property required unless `required` says otherwise.
    static func object(_ properties: [String: JSONValue], required: [String]? = nil, minProperties: Int? = nil) -> JSONValue {
        var members: [String: JSONValue] = [
            "type": "object",
            "properties": .object(properties),
            "required": .array((required ?? properties.keys.sorted()).map(JSONValue.string)),
            "additionalProperties": false,
        ]
        if let minProperties { members["minProperties"] = .int(minProperties) }
        return .object(members)
    }
}
