import OpenAPIRuntime
import PromptPresets
import PromptPresetsAPI
import PromptPresetsService

/// The routes of `openapi.yaml` that the generated `APIProtocol` serves: the plain JSON CRUD ones
/// named in Scripts/openapi-generator/openapi-generator-config.yaml. Refusals are thrown, and
/// `ErrorMiddleware` answers them as it does for every other route.
struct APIHandler: APIProtocol {
    let library: PresetLibrary

    /// Who the audit log records for this request, bound by `APIRequestMiddleware`.
    var actor: String { APIRequest.actor }
}

/// What a generated handler cannot read from its typed input.
enum APIRequest {
    @TaskLocal static var actor = "anonymous"
    /// The top-level fields the body named: where a field left out and a field set to null mean
    /// different things, which the generated types cannot tell apart.
    @TaskLocal static var bodyFields: Set<String> = []
}
