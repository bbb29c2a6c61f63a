import PromptPresetsAPI

extension APIHandler {
    func getCatalog(_ input: Operations.GetCatalog.Input) async throws -> Operations.GetCatalog.Output {
        .ok(.init(body: .json(.init(library.catalog))))
    }

    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        let limit = input.query.limit ?? 100
        // The generated code reads the integer; the document's range is checked here.
        guard (1...1000).contains(limit) else {
            throw APIError.badRequest("limit: expected an integer from 1 to 1000, found \(limit).")
        }
        let entries = try await library.auditLog(limit: limit)
        return .ok(.init(body: .json(entries.map(Components.Schemas.AuditEntry.init))))
    }
}
