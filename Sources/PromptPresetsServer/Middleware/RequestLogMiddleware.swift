import Foundation
import Hummingbird
import Logging

/// One debug-level log line per request: method, path, status and duration (never headers, so
/// never a token). Added only when the log level is `debug` or lower, so it costs nothing otherwise.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: Int(response.status.code), start: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, context, status: Int(status), start: start)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let path = String(request.uri.path.prefix(200))
        context.logger.debug("\(request.method) \(path) \(status) \(String(format: "%.2f", milliseconds))ms")
    }
}
