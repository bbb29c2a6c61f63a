import Hummingbird
import PromptPresets
import PromptPresetsCatalogs

/// The OpenAPI 3.1 description of `/api/v1` and `/healthz`, served at `/api/v1/openapi.json`.
///
/// Written by hand in `Resources/openapi.yaml`, which is embedded in the binary (no resource
/// bundle to ship) and read once. `OpenAPICoverageTests` fails when a route exists that the
/// document lacks, or the reverse, and when the file does not parse.
enum OpenAPIDocument {
    /// The document as JSON.
    static let value: JSONValue = {
        do {
            return try YAMLText.parse(String(decoding: PackageResources.openapi_yaml, as: UTF8.self)).value
        } catch {
            preconditionFailure("Resources/openapi.yaml does not parse: \(error)")
        }
    }()

    /// The serialized document (computed once).
    static let text: String = value.canonicalText

    static var response: Response {
        JSONResponse.response(text, status: .ok, headers: [.cacheControl: "no-cache"])
    }
}
