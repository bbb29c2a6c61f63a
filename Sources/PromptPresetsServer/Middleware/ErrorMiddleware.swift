import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIRuntime
import PromptPresets

/// Turns every error into a JSON `{error, message}` response with the status that fits (the one place that maps errors).
///
/// Domain refusals: not found → 404, name taken / stale revision / in use / merge conflicts → 409,
/// invalid values → 422, a merge decision that does not fit the conflicts → 400. Sharing errors: malformed files → 400, too large → 413, wrong
/// content → 422. Anything unexpected is logged and answered with a bare 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, code, message) = Self.map(error)
            if status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            var headers: HTTPFields = [:]
            if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"prompt-presets\"" }
            if let apiError = error as? APIError { headers.append(contentsOf: apiError.headers) }
            if let responseError = error as? HTTPError { headers.append(contentsOf: responseError.headers.filter { $0.name != .contentType && $0.name != .contentLength }) }
            let body = JSONValue.object(["error": .string(code), "message": .string(message)])
            return JSONResponse.response(body.canonicalText, status: status, headers: headers)
        }
    }

    static func map(_ error: any Error) -> (HTTPResponse.Status, String, String) {
        switch error {
        case let error as APIError:
            return (error.status, error.code, error.message)
        case let error as PresetError:
            return map(error)
        case let error as SharingError:
            return map(error)
        case let error as any StoreEngineError where error.isStorageFull:
            return (HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), "insufficient_storage", error.description)
        case let error as any StoreEngineError:
            return (.serviceUnavailable, "store_unavailable", error.description)
        case let error as HTTPError:
            return (error.status, code(for: error.status), error.body ?? error.status.reasonPhrase)
        case is NIOTooManyBytesError:
            return (.contentTooLarge, "payload_too_large", "The request body is too large.")
        case let error as DecodingError:
            return (.badRequest, "bad_request", error.requestMessage())
        case let error as ServerError:
            return map(error)
        case let error as any HTTPResponseError:
            return (error.status, code(for: error.status), error.status.reasonPhrase)
        default:
            return (.internalServerError, "internal", "The server failed to handle the request; see its log.")
        }
    }

    static func map(_ error: PresetError) -> (HTTPResponse.Status, String, String) {
        let status: HTTPResponse.Status
        switch error {
        case .invalidMergeResolution:
            status = .badRequest
        case .unknownOperation, .presetNotFound, .artifactNotFound, .unknownDefaultVersion, .sessionNotFound,
             .connectionProfileNotFound, .bindingNotFound, .noUpdatePending:
            status = .notFound
        case .presetNameTaken, .artifactNameTaken, .connectionProfileNameTaken, .artifactInUse, .staleRevision,
             .mergeConflicts, .conflict, .sessionHeld:
            status = .conflict
        case .counterExhausted:
            status = .internalServerError
        case .invalidConfig, .invalidName, .reservedName, .defaultPresetIsReadOnly, .defaultArtifactIsReadOnly,
             .missingTemplateValue:
            status = .unprocessableContent
        }
        return (status, code(for: status), error.description)
    }

    /// A refusal on a generated route: the handler's own error, or the request not matching the API
    /// document (a missing or unknown field, a wrong type, a value it does not allow).
    static func map(_ error: ServerError) -> (HTTPResponse.Status, String, String) {
        if let decoding = error.underlyingError as? DecodingError {
            return (.badRequest, "bad_request", decoding.requestMessage(operation: error.operationID))
        }
        let mapped = map(error.underlyingError)
        if mapped.0 == .internalServerError, (400..<500).contains(error.httpStatus.code) {
            return (error.httpStatus, code(for: error.httpStatus), error.causeDescription)
        }
        return mapped
    }

    static func map(_ error: SharingError) -> (HTTPResponse.Status, String, String) {
        switch error {
        case .domain(let error):
            return map(error)
        case .parse(let parseError):
            if case .inputTooLarge = parseError.problem { return (.contentTooLarge, "payload_too_large", error.description) }
            return (.badRequest, "bad_request", error.description)
        case .notAnObject, .wrongFormat, .unsupportedVersion, .catalogMismatch, .checksumMismatch, .unknownOperations,
             .invalidValues, .secretsFound:
            return (.unprocessableContent, "unprocessable", error.description)
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 421: "misdirected_request"
        case 422: "unprocessable"
        case 429: "too_many_requests"
        case 507: "insufficient_storage"
        case 500...: "internal"
        default: "error"
        }
    }
}
