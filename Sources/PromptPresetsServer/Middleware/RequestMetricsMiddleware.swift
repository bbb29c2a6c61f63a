import HTTPTypes
import Hummingbird
import PromptPresets
import Prometheus

/// Counts requests and records their latency by route, method and status, straight into the
/// Prometheus registry (§10.7): `http_requests_total` and `http_request_duration_seconds`.
///
/// Hummingbird's `MetricsMiddleware` does the same through swift-metrics, with an
/// active-request gauge and a closure after every body write; measured here it took a quarter
/// of `/healthz`'s throughput, this a few percent. The route is the matched pattern
/// (`/api/v1/artifacts/{id}`), so the label set stays small.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let metrics: RouteMetrics

    init(registry: PrometheusCollectorRegistry) {
        metrics = RouteMetrics(registry: registry)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            metrics.record(route: context.endpointPath, method: request.method, status: response.status.code, since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.record(route: context.endpointPath, method: request.method, status: status, since: start)
            throw error
        }
    }
}

/// One counter and one latency histogram per route, method and status, made on first use.
final class RouteMetrics: Sendable {
    private struct Key: Hashable {
        var route: String
        var method: HTTPRequest.Method
        var status: Int
    }

    private let registry: PrometheusCollectorRegistry
    private let instruments = Locked<[Key: (count: Counter, latency: DurationHistogram)]>([:])

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func record(route: String?, method: HTTPRequest.Method, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = start.duration(to: .now)
        let key = Key(route: route ?? "unmatched", method: method, status: status)
        let (count, latency) = instruments.withLock { instruments in
            if let found = instruments[key] { return found }
            let labels = [("route", key.route), ("method", key.method.rawValue), ("status", String(key.status))]
            let made = (
                count: registry.makeCounter(name: "http_requests_total", labels: labels),
                latency: registry.makeDurationHistogram(
                    name: "http_request_duration_seconds", labels: labels,
                    buckets: [.microseconds(250), .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2)]))
            instruments[key] = made
            return made
        }
        count.increment()
        latency.record(elapsed)
    }
}
