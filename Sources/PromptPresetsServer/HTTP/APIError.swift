import Hummingbird

/// A refusal the server itself makes (bad request syntax, authentication), with its HTTP status.
///
/// Domain and sharing errors are not wrapped in this: `ErrorMiddleware` maps them directly.
struct APIError: Error, Sendable, CustomStringConvertible {
    var status: HTTPResponse.Status
    /// A short machine-readable code (`bad_request`, `unauthorized`, …).
    var code: String
    var message: String
    /// Headers the refusal adds (`Retry-After`).
    var headers: HTTPFields = [:]

    var description: String { message }

    static func badRequest(_ message: String) -> APIError {
        APIError(status: .badRequest, code: "bad_request", message: message)
    }

    static func unauthorized(_ message: String) -> APIError {
        APIError(status: .unauthorized, code: "unauthorized", message: message)
    }

    static func forbidden(_ message: String) -> APIError {
        APIError(status: .forbidden, code: "forbidden", message: message)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: message)
    }

    static func conflict(_ message: String) -> APIError {
        APIError(status: .conflict, code: "conflict", message: message)
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(status: .contentTooLarge, code: "payload_too_large",
                 message: "The request body is larger than the limit of \(limit) bytes.")
    }

    static func misdirected(_ message: String) -> APIError {
        APIError(status: .misdirectedRequest, code: "misdirected_request", message: message)
    }

    static func tooManyAttempts(retryAfter seconds: Int) -> APIError {
        APIError(status: .tooManyRequests, code: "too_many_requests",
                 message: "Too many wrong tokens from this address; try again in \(seconds) s.",
                 headers: [.retryAfter: String(seconds)])
    }

    static func insufficientStorage(_ message: String) -> APIError {
        APIError(status: HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), code: "insufficient_storage", message: message)
    }

    static func unprocessable(_ message: String) -> APIError {
        APIError(status: .unprocessableContent, code: "unprocessable", message: message)
    }
}
