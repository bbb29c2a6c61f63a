import Hummingbird
import PromptPresets
import PromptPresetsService

/// `GET /catalog`: the operations, their field schemas, variables and default histories.
struct CatalogController: Sendable {
    let library: PresetLibrary

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get { _, _ in JSONResponse(library.catalog.apiJSON) }
        return routes
    }
}

/// `GET /healthz`: liveness.
struct HealthController: Sendable {
    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get { _, _ in JSONResponse(.object(["status": "ok"])) }
        return routes
    }
}
