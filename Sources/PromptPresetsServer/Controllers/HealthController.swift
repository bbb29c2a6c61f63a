import Foundation
import Hummingbird
import PromptPresets
import PromptPresetsService

/// `GET /healthz`: 200 while the server can reach its store, 503 naming the reason and since
/// when while it cannot (a load balancer then sends requests to another instance).
struct HealthController: Sendable {
    let library: PresetLibrary

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get { _, _ in
            switch library.storeHealth {
            case .reachable:
                return JSONResponse(.object(["status": "ok"]))
            case .unreachable(let since, let reason):
                return JSONResponse(
                    .object(["status": "store unreachable", "since": .timestamp(since), "reason": .string(reason)]),
                    status: .serviceUnavailable)
            }
        }
        return routes
    }
}
