import Foundation
import Hummingbird
import PromptPresets
import PromptPresetsService

/// `POST /import` (the file as the body) and `GET /export` (the file as an attachment).
struct SharingController: Sendable {
    let library: PresetLibrary
    let configuration: ServerConfiguration

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("import", use: importFile)
        group.get("export", use: exportFile)
    }

    @Sendable func importFile(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let format = try request.query("format") ?? "auto"
        guard ["auto", "bundle", "extension"].contains(format) else {
            throw APIError.badRequest("format: expected auto, bundle or extension, found '\(format.debugEscapedForMessage)'.")
        }
        let options = ImportOptions(skipUnknownOperations: try request.boolQuery("skipUnknown"))
        let dryRun = try request.boolQuery("dryRun")
        let buffer = try await request.collectedBody(limit: configuration.maxImportSize)
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("The request body must be the file to import.") }
        let document: JSONValue
        do {
            document = try StrictJSON.parse(Data(buffer: buffer), limits: .import)
        } catch {
            throw SharingError.parse(error)
        }
        let snapshot = library.snapshot
        let planned: ImportPlanResult = switch format {
        case "bundle":
            try Self.requireObject(document) { try snapshot.planBundleImport(document, options: options) }
        case "extension":
            try Self.requireObject(document) { try snapshot.planExtensionImport(document, options: options) }
        default:
            try snapshot.planImport(document, options: options)
        }
        if dryRun {
            return JSONResponse(.object(["dryRun": true, "report": planned.report.jsonValue, "presets": .array([])]))
        }
        let (result, report) = try await library.perform(actor: context.actor) { snapshot, environment in
            // Re-plan on the snapshot the write runs on, so names chosen for collisions are still free.
            let fresh: ImportPlanResult = switch format {
            case "bundle": try snapshot.planBundleImport(document, options: options)
            case "extension": try snapshot.planExtensionImport(document, options: options)
            default: try snapshot.planImport(document, options: options)
            }
            let installed = try snapshot.install(fresh.plan, environment)
            return Outcome(snapshot: installed.snapshot, changes: installed.changes, value: (installed.value, fresh.report))
        }
        let after = library.snapshot
        let presets = (result.createdPresets + result.updatedPresets).compactMap { after.preset(id: $0.id) }
        return JSONResponse(
            .object(["dryRun": false, "report": report.jsonValue, "presets": .array(try presets.map { try $0.apiJSON(in: after) })]),
            status: .created)
    }

    @Sendable func exportFile(_ request: Request, context: AppRequestContext) throws -> Response {
        let format = try request.query("format") ?? "bundle"
        let ids = try request.queryValues("preset").map { PresetID($0) }
        let allowSecrets = try request.boolQuery("allowSecrets")
        // Open reads let anyone on this machine read; letting credentials out takes the token.
        if allowSecrets, context.identity == nil {
            throw APIError.unauthorized("allowSecrets=true needs Authorization: Bearer <token> or a signed-in session, even when reads are open.")
        }
        guard !ids.isEmpty else { throw APIError.badRequest("Give at least one preset id: ?preset=<id>.") }
        let snapshot = library.snapshot
        let document: JSONValue
        let baseName: String
        switch format {
        case "bundle":
            document = try snapshot.exportBundle(presets: ids, exportedAt: Date(), allowSecrets: allowSecrets)
            baseName = ids.count == 1 ? (snapshot.preset(id: ids[0])?.name ?? "presets") : "presets"
        case "extension":
            guard ids.count == 1 else { throw APIError.badRequest("The extension format holds one preset; give exactly one ?preset=<id>.") }
            document = try snapshot.exportExtension(preset: ids[0], exportedAt: Date(), allowSecrets: allowSecrets)
            baseName = snapshot.preset(id: ids[0])?.name ?? "preset"
        default:
            throw APIError.badRequest("format: expected bundle or extension, found '\(format.debugEscapedForMessage)'.")
        }
        let fileName = Self.safeFileName(baseName) + (format == "bundle" ? ".presets.json" : ".json")
        var response = JSONResponse.response(document.prettyText, status: .ok)
        response.headers[.contentDisposition] = "attachment; filename=\"\(fileName)\""
        return response
    }

    /// A file name of letters, digits, `-`, `_` and `.` only.
    static func safeFileName(_ name: String) -> String {
        let mapped = String(name.unicodeScalars.prefix(80).map { scalar -> Character in
            (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_")) ? Character(scalar) : "_"
        })
        return mapped.isEmpty ? "preset" : mapped
    }

    /// Plans with an explicit format, refusing a non-object document first.
    private static func requireObject(_ document: JSONValue, _ plan: () throws -> ImportPlanResult) throws -> ImportPlanResult {
        guard document.objectValue != nil else { throw SharingError.notAnObject(path: "$", found: document.kindDescription) }
        return try plan()
    }
}
