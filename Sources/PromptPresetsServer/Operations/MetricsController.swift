import Hummingbird
import NIOCore
import PromptPresetsService
import Prometheus

/// `GET /metrics`: the Prometheus text format (§10.7). Request counts and latencies by route
/// come from Hummingbird's `MetricsMiddleware`, commit latency and follower catch-up from
/// the library, all through swift-metrics into `registry`; the store version and whether
/// the store is reachable are read at each scrape.
struct MetricsController: Sendable {
    let library: PresetLibrary
    let registry: PrometheusCollectorRegistry

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        let version = registry.makeGauge(name: "prompt_presets_store_version", labels: [])
        let reachable = registry.makeGauge(name: "prompt_presets_store_reachable", labels: [])
        routes.get { _, _ in
            version.set(to: Double(library.version.rawValue))
            reachable.set(to: library.storeHealth == .reachable ? 1.0 : 0.0)
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        return routes
    }
}
