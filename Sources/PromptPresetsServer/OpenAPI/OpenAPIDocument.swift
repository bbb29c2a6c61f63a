import Hummingbird
import PromptPresets

/// The OpenAPI 3.1 description of `/api/v1` and `/healthz`, served at `/api/v1/openapi.json`.
///
/// Built in code from small helpers so schemas are shared; `OpenAPICoverageTests` fails when a
/// route exists that this document lacks, or the reverse.
enum OpenAPIDocument {
    /// The document as JSON.
    static let value: JSONValue = build()

    /// The serialized document (computed once).
    static let text: String = value.canonicalText

    static var response: Response {
        JSONResponse.response(text, status: .ok, headers: [.cacheControl: "no-cache"])
    }

    /// `(METHOD, /path/{param})` of every operation in the document.
    static var operations: Set<String> {
        guard case .object(let paths)? = value.objectValue?["paths"] else { return [] }
        var found: Set<String> = []
        for (path, item) in paths {
            for method in item.objectValue?.keys ?? [:].keys where method != "parameters" {
                found.insert("\(method.uppercased()) \(path)")
            }
        }
        return found
    }

    // MARK: Building

    private static func build() -> JSONValue {
        .object([
            "openapi": "3.1.0",
            "info": .object([
                "title": "PromptPresets API",
                "version": "1.0.0",
                "description": .string("""
                    Versioned prompt presets for LLM operations. Writes need `Authorization: Bearer <token>` \
                    (or a signed-in web session plus `X-CSRF-Token`); reads may be open on loopback. \
                    Writes to presets and versions take `If-Match` with the revision they read and answer 409 when it is stale. \
                    Every error is `{error, message}`.
                    """),
            ]),
            "servers": .array([.object(["url": "/"])]),
            "security": .array([.object(["bearerAuth": .array([])]), .object([:])]),
            "paths": .object(paths),
            "components": .object([
                "securitySchemes": .object([
                    "bearerAuth": .object(["type": "http", "scheme": "bearer"]),
                ]),
                "schemas": .object(schemas),
                "responses": .object([
                    "Error": .object([
                        "description": "A refusal: `{error, message}`.",
                        "content": .object(["application/json": .object(["schema": ref("Error")])]),
                    ]),
                ]),
                "parameters": .object([
                    "IfMatch": .object([
                        "name": "If-Match", "in": "header", "required": false,
                        "description": "The revision that was read (`\"3\"`); a stale one is refused with 409.",
                        "schema": .object(["type": "string"]),
                    ]),
                ]),
            ]),
        ])
    }

    // MARK: Paths

    private static var paths: [String: JSONValue] {
        let presetID = pathParameter("id", "A preset id; `default` is the virtual Default preset.")
        let artifactID = pathParameter("id", "A stored version's id.")
        let operationKey = pathParameter("operation", "An operation key from the catalog.")
        let sessionID = pathParameter("id", "An edit session id.")
        let connectionID = pathParameter("id", "A connection profile id.")
        let updatePreset = pathParameter("preset", "The preset id.")
        let updateTarget = [updatePreset, operationKey]
        let ifMatch = JSONValue.object(["$ref": "#/components/parameters/IfMatch"])
        let sessionConflict = response("Another editor holds or changed the session: what it holds now.", ref("SessionConflict"))

        return [
            "/healthz": .object([
                "get": operation(
                    "health", "Liveness: 200 while the store can be reached, 503 (with since when and why) while it cannot.",
                    tag: "meta", response: ref("Health"),
                    extraResponses: ["503": response("The store cannot be reached.", ref("Health"))], security: false),
            ]),
            "/api/v1/openapi.json": .object([
                "get": operation("openapi", "This document.", tag: "meta", response: .object(["type": "object"]), security: false),
            ]),
            "/api/v1/catalog": .object([
                "get": operation("getCatalog", "The operations, their field schemas, variables and default histories.", tag: "catalog",
                                 response: ref("Catalog")),
            ]),
            "/api/v1/resolve": .object([
                "get": operation(
                    "resolve",
                    "The config an operation uses in a context (or every operation's, as an array): the object `prompt-presets resolve --json` prints.",
                    tag: "resolve",
                    parameters: [
                        queryParameter("operation", "An operation key; omit for every operation."),
                        queryParameter("chat", "The chat id."),
                        queryParameter("character", "The character key."),
                        queryParameter("profile", "The profile name (default: Default)."),
                        .object([
                            "name": "If-None-Match", "in": "header", "required": false,
                            "description": "An ETag from an earlier answer; 304 when nothing changed.",
                            "schema": .object(["type": "string"]),
                        ]),
                    ],
                    responses: [
                        "200": .object([
                            "description": "The resolution (one operation) or resolutions (all).",
                            "headers": .object(["ETag": .object(["schema": .object(["type": "string"])])]),
                            "content": json(.object(["oneOf": .array([ref("Resolution"), array(ref("Resolution"))])])),
                        ]),
                        "304": .object(["description": "Not modified since the ETag in If-None-Match."]),
                    ]),
            ]),
            "/api/v1/presets": .object([
                "get": operation("listPresets", "Every preset, Default first.", tag: "presets", response: array(ref("Preset"))),
                "post": operation("createPreset", "Creates an empty preset (every operation on its default).", tag: "presets",
                                  body: ref("PresetCreate"), response: ref("Preset"), status: "201"),
            ]),
            "/api/v1/presets/{id}": .object([
                "get": operation("getPreset", "One preset.", tag: "presets", parameters: [presetID], response: ref("Preset")),
                "patch": operation("updatePreset", "Renames a preset and/or changes its description.", tag: "presets",
                                   parameters: [presetID, ifMatch], body: ref("NameDescription"), response: ref("Preset")),
                "delete": operation("deletePreset", "Deletes a preset and the bindings pointing at it.", tag: "presets",
                                    parameters: [presetID, ifMatch], response: ref("PresetDeleted")),
            ]),
            "/api/v1/presets/{id}/duplicate": .object([
                "post": operation("duplicatePreset", "Copies a preset (`Copy of X` unless a name is given).", tag: "presets",
                                  parameters: [presetID], body: ref("OptionalName"), bodyRequired: false,
                                  response: ref("Preset"), status: "201"),
            ]),
            "/api/v1/presets/{id}/operations/{operation}": .object([
                "put": operation("setPresetOperation", "Points an operation of a preset at a stored version, or back at the default (null).",
                                 tag: "presets", parameters: [presetID, operationKey, ifMatch], body: ref("SetOperation"),
                                 response: ref("Preset")),
            ]),
            "/api/v1/artifacts": .object([
                "get": operation("listArtifacts", "Stored versions, by operation in catalog order, newest first.", tag: "versions",
                                 parameters: [queryParameter("operation", "Only this operation's versions.")],
                                 response: array(ref("Artifact"))),
            ]),
            "/api/v1/artifacts/{id}": .object([
                "get": operation("getArtifact", "One stored version.", tag: "versions", parameters: [artifactID], response: ref("Artifact")),
                "patch": operation("updateArtifact", "Renames a stored version (the name becomes its label) and/or changes its description.",
                                   tag: "versions", parameters: [artifactID, ifMatch], body: ref("NameDescription"),
                                   response: ref("Artifact")),
                "delete": operation("deleteArtifact", "Deletes a stored version no preset references.", tag: "versions",
                                    parameters: [artifactID, ifMatch], response: ref("ArtifactDeleted")),
            ]),
            "/api/v1/artifacts/{id}/duplicate": .object([
                "post": operation("duplicateArtifact", "A new version with the same config, referenced by nothing.", tag: "versions",
                                  parameters: [artifactID], response: ref("Artifact"), status: "201"),
            ]),
            "/api/v1/operations/{operation}/versions": .object([
                "get": operation("listVersions", "The current default (as `Default`, number 0) then every stored version, newest first.",
                                 tag: "versions", parameters: [operationKey], response: array(ref("Version"))),
            ]),
            "/api/v1/operations/{operation}/history": .object([
                "get": operation("getHistory", "Every default version (oldest first), then every stored version by number, with lineage.",
                                 tag: "versions", parameters: [operationKey], response: array(ref("HistoryEntry"))),
            ]),
            "/api/v1/operations/{operation}/diff": .object([
                "get": operation("diffVersions", "Line-by-line differences between two versions, field by field.", tag: "versions",
                                 parameters: [
                                    operationKey,
                                    queryParameter("from", "A version name: `Default`, `Default@1.0.0` or a stored name.", required: true),
                                    queryParameter("to", "A version name.", required: true),
                                 ],
                                 response: ref("Diff")),
            ]),
            "/api/v1/operations/{operation}/duplicate": .object([
                "post": operation("duplicateVersion", "A new version copied from a version named in the body (defaults included).",
                                  tag: "versions", parameters: [operationKey], body: ref("DuplicateVersion"),
                                  response: ref("Artifact"), status: "201"),
            ]),
            "/api/v1/sessions": .object([
                "get": operation("listSessions", "Open edit sessions.", tag: "sessions", response: array(ref("Session"))),
                "post": operation("openSession", """
                    Opens an edit session of an operation in a preset for an editor (the caller plus `editor`, e.g. a \
                    browser tab), or returns the editor's open one. Another editor's session is 409 naming the holder, \
                    unless `takeOver` is true. On `default` nothing is stored until the first real change, which copies \
                    Default (bound to `bindCopyTo`, when given).
                    """,
                                  tag: "sessions", body: ref("SessionOpen"),
                                  responses: [
                                    "201": response("The new session.", ref("SessionState")),
                                    "200": response("The session that was already open.", ref("SessionState")),
                                  ],
                                  extraResponses: ["409": sessionConflict]),
            ]),
            "/api/v1/sessions/{id}": .object([
                "get": operation("getSession", "An open session and the config it holds.", tag: "sessions", parameters: [sessionID],
                                 response: ref("SessionState")),
                "patch": operation("changeSession", """
                    Changes the config: the first real change creates the next version (auto-save). Send the session \
                    revision in If-Match; a stale one is 409 with the session as it is now.
                    """,
                                   tag: "sessions", parameters: [sessionID, ifMatch], body: ref("SessionChange"),
                                   response: ref("SessionState"), extraResponses: ["409": sessionConflict]),
            ]),
            "/api/v1/sessions/{id}/finish": .object([
                "post": operation("finishSession", "Seals the session's version.", tag: "sessions", parameters: [sessionID, ifMatch],
                                  response: ref("SessionEnd"), extraResponses: ["409": sessionConflict]),
            ]),
            "/api/v1/sessions/{id}/cancel": .object([
                "post": operation("cancelSession", "Deletes the session's version and restores the previous reference.", tag: "sessions",
                                  parameters: [sessionID, ifMatch], response: ref("SessionEnd"), extraResponses: ["409": sessionConflict]),
            ]),

            "/api/v1/bindings": .object([
                "get": operation("listBindings", "Bindings, optionally of one scope kind or key.", tag: "bindings",
                                 parameters: [scopeParameter(required: false), queryParameter("key", "Only this key.")],
                                 response: array(ref("Binding"))),
                "put": operation("setBinding", "Pins a preset to a chat, character or profile (replacing any pin).", tag: "bindings",
                                 body: ref("BindingSet"), response: ref("Binding")),
                "delete": operation("clearBinding", "Clears the pin of a scope.", tag: "bindings",
                                    parameters: [scopeParameter(required: true), queryParameter("key", "The chat id, character key or profile name.", required: true)],
                                    response: ref("Binding")),
            ]),
            "/api/v1/updates": .object([
                "get": operation("listUpdates", "Every preset operation whose version is based on an older default.", tag: "updates",
                                 response: array(ref("PendingUpdate"))),
            ]),
            "/api/v1/updates/{preset}/{operation}/compare": .object([
                "get": operation("compareUpdate", "The user's version against the new default, and the old default against the new.",
                                 tag: "updates", parameters: updateTarget, response: ref("UpdateComparison")),
            ]),
            "/api/v1/updates/{preset}/{operation}/merge": .object([
                "get": operation("previewMerge", "The three-way merge and its conflicts, without writing.", tag: "updates",
                                 parameters: updateTarget, response: ref("ConfigMerge")),
                "post": operation("mergeUpdate", "Writes the merge as a new version; conflicts need `prefer`, else 409.", tag: "updates",
                                  parameters: updateTarget, body: ref("MergeRequest"), bodyRequired: false,
                                  response: ref("Artifact"), status: "201"),
            ]),
            "/api/v1/updates/{preset}/{operation}/keep": .object([
                "post": operation("keepMine", "Keeps the user's version, marked as based on the new default.", tag: "updates",
                                  parameters: updateTarget, response: ref("Artifact")),
            ]),
            "/api/v1/updates/{preset}/{operation}/revert": .object([
                "post": operation("revertToDefault", "Points the preset's operation back at the default.", tag: "updates",
                                  parameters: updateTarget, response: ref("Preset")),
            ]),
            "/api/v1/updates/{preset}/{operation}/dismiss": .object([
                "post": operation("dismissUpdate", "Silences this update until a newer default ships.", tag: "updates",
                                  parameters: updateTarget, response: ref("Artifact")),
            ]),
            "/api/v1/connections": .object([
                "get": operation("listConnections", "The connection-profile directory.", tag: "connections",
                                 response: array(ref("ConnectionProfile"))),
                "post": operation("createConnection", "Adds a connection profile (a name and an API kind; never a credential).",
                                  tag: "connections", body: ref("ConnectionCreate"), response: ref("ConnectionProfile"), status: "201"),
            ]),
            "/api/v1/connections/{id}": .object([
                "get": operation("getConnection", "One connection profile.", tag: "connections", parameters: [connectionID],
                                 response: ref("ConnectionProfile")),
                "patch": operation("renameConnection", "Renames a connection profile.", tag: "connections", parameters: [connectionID],
                                   body: ref("ConnectionRename"), response: ref("ConnectionProfile")),
                "delete": operation("deleteConnection", "Removes a connection profile; lists versions still naming it.",
                                    tag: "connections", parameters: [connectionID], response: ref("ConnectionDeleted")),
            ]),
            "/api/v1/audit": .object([
                "get": operation("listAudit", "The newest audit entries, newest first.", tag: "audit",
                                 parameters: [.object([
                                    "name": "limit", "in": "query", "required": false,
                                    "schema": .object(["type": "integer", "minimum": 1, "maximum": 1000, "default": 100]),
                                 ])],
                                 response: array(ref("AuditEntry"))),
            ]),
            "/api/v1/events": .object([
                "get": operation(
                    "streamEvents",
                    "Server-sent events (text/event-stream), one per commit from any process: `id` is the store version, "
                        + "`event` is `change` (data: the version and the objects it touched) or `reload` (the events since "
                        + "the resume point are gone: reread). Resumes after `Last-Event-ID`, else `after`, else now.",
                    tag: "events",
                    parameters: [
                        .object([
                            "name": "Last-Event-ID", "in": "header", "required": false,
                            "description": "The id of the last event seen; the stream resumes after it.",
                            "schema": .object(["type": "string", "pattern": "^[0-9]+$"]),
                        ]),
                        .object([
                            "name": "after", "in": "query", "required": false,
                            "description": "The store version to resume after (when there is no Last-Event-ID).",
                            "schema": .object(["type": "integer", "minimum": 0]),
                        ]),
                    ],
                    responses: ["200": .object([
                        "description": "The stream; it stays open until the client or the server goes.",
                        "content": .object(["text/event-stream": .object(["schema": .object(["type": "string"])])]),
                    ])]),
            ]),
            "/api/v1/prune": .object([
                "post": operation("prune", "Deletes all but the `keep` newest unreferenced versions of every operation.", tag: "versions",
                                  body: ref("PruneRequest"), bodyRequired: false, response: ref("PruneResult")),
            ]),
            "/api/v1/import": .object([
                "post": operation(
                    "importFile", "Imports a bundle or extension file (the request body), atomically.", tag: "sharing",
                    parameters: [
                        enumQueryParameter("format", ["auto", "bundle", "extension"], "The file's format (default auto)."),
                        boolQueryParameter("skipUnknown", "Import the rest when the file names unknown operations."),
                        boolQueryParameter("dryRun", "Report what would happen without writing."),
                    ],
                    body: .object(["type": "object"]), response: ref("ImportResult"), status: "201",
                    extraResponses: ["200": response("The dry run's report (nothing written).", ref("ImportResult"))]),
            ]),
            "/api/v1/export": .object([
                "get": operation(
                    "exportFile", "Exports presets as a file (Content-Disposition: attachment).", tag: "sharing",
                    parameters: [
                        .object([
                            "name": "preset", "in": "query", "required": true, "style": "form", "explode": true,
                            "description": "Preset ids (repeat for several; the extension format takes one).",
                            "schema": .object(["type": "array", "items": .object(["type": "string"]), "minItems": 1]),
                        ]),
                        enumQueryParameter("format", ["bundle", "extension"], "The file format (default bundle)."),
                        boolQueryParameter("allowSecrets", "Export even when credential-shaped text is found; needs the token even when reads are open."),
                    ],
                    response: .object(["type": "object"])),
            ]),
        ]
    }

    // MARK: Helpers

    static func ref(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(name)")]) }
    static func array(_ items: JSONValue) -> JSONValue { .object(["type": "array", "items": items]) }
    static func json(_ schema: JSONValue) -> JSONValue { .object(["application/json": .object(["schema": schema])]) }
    static func response(_ description: String, _ schema: JSONValue) -> JSONValue {
        .object(["description": .string(description), "content": json(schema)])
    }

    static func pathParameter(_ name: String, _ description: String) -> JSONValue {
        .object(["name": .string(name), "in": "path", "required": true, "description": .string(description),
                 "schema": .object(["type": "string"])])
    }

    static func queryParameter(_ name: String, _ description: String, required: Bool = false) -> JSONValue {
        .object(["name": .string(name), "in": "query", "required": .bool(required), "description": .string(description),
                 "schema": .object(["type": "string"])])
    }

    static func enumQueryParameter(_ name: String, _ values: [String], _ description: String) -> JSONValue {
        .object(["name": .string(name), "in": "query", "required": false, "description": .string(description),
                 "schema": .object(["type": "string", "enum": .array(values.map(JSONValue.string))])])
    }

    static func boolQueryParameter(_ name: String, _ description: String) -> JSONValue {
        .object(["name": .string(name), "in": "query", "required": false, "description": .string(description),
                 "schema": .object(["type": "boolean", "default": false])])
    }

    static func scopeParameter(required: Bool) -> JSONValue {
        .object(["name": "scope", "in": "query", "required": .bool(required), "description": "chat, character or profile.",
                 "schema": .object(["type": "string", "enum": ["chat", "character", "profile"]])])
    }

    /// An operation with the shared error responses (400/401/403/404/409/413/421/422/429/507):
    /// a foreign `Host` (421), too many wrong tokens (429) and a full disk (507) can meet any route.
    static func operation(
        _ id: String, _ summary: String, tag: String, parameters: [JSONValue] = [], body: JSONValue? = nil,
        bodyRequired: Bool = true, response: JSONValue? = nil, status: String = "200",
        responses: [String: JSONValue] = [:], extraResponses: [String: JSONValue] = [:], security: Bool = true
    ) -> JSONValue {
        var all = responses
        if let response { all[status] = Self.response("Success.", response) }
        for (code, value) in extraResponses { all[code] = value }
        for code in ["400", "401", "403", "404", "409", "413", "421", "422", "429", "507"] where all[code] == nil {
            all[code] = .object(["$ref": "#/components/responses/Error"])
        }
        var members: [String: JSONValue] = [
            "operationId": .string(id), "summary": .string(summary), "tags": .array([.string(tag)]),
            "responses": .object(all),
        ]
        if !parameters.isEmpty { members["parameters"] = .array(parameters) }
        if let body {
            members["requestBody"] = .object(["required": .bool(bodyRequired), "content": json(body)])
        }
        if !security { members["security"] = .array([.object([:])]) }
        return .object(members)
    }
}

extension JSONValue: ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}
