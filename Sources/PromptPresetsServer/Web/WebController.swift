import Foundation
import HTTPTypes
import Hummingbird
import PromptPresets
import PromptPresetsService

/// The web UI: the sign-in page, the app page at `/`, its script and style sheet, and the
/// read-only HTML fragments the script loads (history, diffs, update comparisons, merge previews,
/// the bindings, connection-profile and audit panels, prompt previews).
///
/// Pages are rendered on the server from the current snapshot; every write the page makes goes
/// through the JSON API under `/api/v1` with the session cookie and the `X-CSRF-Token` header
/// (the token is in the page's `<meta name="csrf-token">`). The UI always needs a sign-in, even
/// when API reads are open: it exists to change things.
struct WebController: Sendable {
    let library: PresetLibrary
    let sessions: WebSessions
    let limiter: SignInLimiter
    let configuration: ServerConfiguration

    init(library: PresetLibrary, sessions: WebSessions, limiter: SignInLimiter, configuration: ServerConfiguration) {
        self.library = library
        self.sessions = sessions
        self.limiter = limiter
        self.configuration = configuration
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { request, context in try page(request, context) }
        router.get("/login") { request, context in loginPage(request, context) }
        router.post("/login") { request, context in try await signIn(request, context) }
        router.get(RouterPath(SignInLink.path)) { request, context in try await signInWithLink(request, context) }
        router.post("/logout") { request, context in try await signOut(request, context) }
        router.get("/static/app.js") { _, _ in WebAssets.response(WebAssets.script, contentType: "text/javascript; charset=utf-8") }
        router.get("/static/app.css") { _, _ in WebAssets.response(WebAssets.styleSheet, contentType: "text/css; charset=utf-8") }
        router.get("/web/history") { request, context in
            try fragment(request, context) { snapshot, query throws(PresetError) in
                WebTemplates.render("history", try WebFragments.history(snapshot, operation: query["operation"] ?? ""))
            }
        }
        router.get("/web/diff") { request, context in
            try fragment(request, context) { snapshot, query throws(PresetError) in
                WebTemplates.render("diff", try WebFragments.diff(
                    snapshot, operation: query["operation"] ?? "", from: query["from"] ?? "", to: query["to"] ?? ""))
            }
        }
        router.get("/web/updates/compare") { request, context in
            try fragment(request, context) { snapshot, query throws(PresetError) in
                WebTemplates.render("compare", try WebFragments.compare(
                    snapshot, preset: PresetID(query["preset"] ?? ""), operation: query["operation"] ?? ""))
            }
        }
        router.get("/web/updates/merge") { request, context in
            try fragment(request, context) { snapshot, query throws(PresetError) in
                WebTemplates.render("merge", try WebFragments.merge(
                    snapshot, preset: PresetID(query["preset"] ?? ""), operation: query["operation"] ?? ""))
            }
        }
        router.get("/web/bindings") { request, context in
            try fragment(request, context) { snapshot, query in WebTemplates.render("bindings", WebPanels.bindings(snapshot, query: query)) }
        }
        router.get("/web/keys") { request, context in
            try fragment(request, context) { snapshot, query in WebTemplates.render("keys", WebPanels.knownKeys(snapshot, query: query)) }
        }
        router.get("/web/connections") { request, context in
            try fragment(request, context) { snapshot, _ in WebTemplates.render("connections", WebPanels.connections(snapshot)) }
        }
        router.get("/web/audit") { request, context in
            let entries = webSession(context) == nil ? [] : try await library.auditLog(limit: 1000)
            return try fragment(request, context) { _, query in WebTemplates.render("audit", WebPanels.audit(entries, query: query)) }
        }
        // A POST because sample values are long, multi-line text (a query refuses line breaks);
        // it renders and writes nothing.
        router.post("/web/preview") { request, context in
            let form = try await formFields(request, limit: configuration.maxBodySize)
            return try fragment(request, context, parameters: form) { snapshot, values throws(PresetError) in
                WebTemplates.render("preview", try WebPanels.preview(snapshot, query: values))
            }
        }
    }

    // MARK: Pages

    private func page(_ request: Request, _ context: AppRequestContext) throws -> Response {
        guard let session = webSession(context) else { return redirect(to: "/login") }
        let page = WebPage(snapshot: library.snapshot, query: try query(request))
        let html = WebTemplates.render("page", page.renderContext(csrfToken: session.csrfToken))
        return HTML(html).response(from: request, context: context)
    }

    private func loginPage(_ request: Request, _ context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        if error == nil, webSession(context) != nil { return redirect(to: "/") }
        let html = WebTemplates.render("login", [
            "assetVersion": WebAssets.version, "hasError": error != nil, "error": error ?? "",
        ])
        return HTML(html, status: status).response(from: request, context: context)
    }

    /// `POST /login` with the form field `token`: on success sets the session cookie and goes to `/`.
    private func signIn(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard isSameOrigin(request) else {
            return loginPage(request, context, error: "This sign-in did not come from this site.", status: .forbidden)
        }
        let client = context.clientAddress
        if let refusal = waitRefusal(request, context, for: "wrong tokens") { return refusal }
        let form = try await formFields(request)
        guard let session = try await sessions.signIn(token: (form["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) else {
            limiter.recordFailure(client: client)
            return loginPage(request, context, error: "That token is not the admin token.", status: .unauthorized)
        }
        return enter(session)
    }

    /// `GET /sign-in?code=…`, the link `serve` prints: signs the browser in once and goes to
    /// `/` (so the code leaves the address bar); a used, expired or wrong code shows the sign-in
    /// page with the reason. Wrong codes count against the address like wrong tokens.
    private func signInWithLink(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if let refusal = waitRefusal(request, context, for: "wrong sign-ins") { return refusal }
        switch try await sessions.signIn(code: try query(request)["code"] ?? "") {
        case .success(let session):
            return enter(session)
        case .failure(let refusal):
            limiter.recordFailure(client: context.clientAddress)
            let advice = " Sign in with the admin token below, or restart the server for a new link."
            return loginPage(request, context, error: refusal.reason + advice, status: .forbidden)
        }
    }

    /// The sign-in page with 429 when the client's address sent too many `attempts` (wrong
    /// tokens, wrong links) in the limiter's window; `nil` when it may try.
    private func waitRefusal(_ request: Request, _ context: AppRequestContext, for attempts: String) -> Response? {
        guard let seconds = limiter.retryAfter(client: context.clientAddress) else { return nil }
        var response = loginPage(
            request, context, error: "Too many \(attempts) from this address; try again in \(seconds) s.", status: .tooManyRequests)
        response.headers[.retryAfter] = String(seconds)
        return response
    }

    /// The way in for a new session: its cookie, and a redirect to the page.
    private func enter(_ session: WebSession) -> Response {
        var response = redirect(to: "/")
        response.headers[.setCookie] = sessions.cookie(for: session).description
        return response
    }

    /// `POST /logout` with the form field `csrf`: ends the session and clears the cookie. A post
    /// from another site, or without the session's CSRF token, changes nothing (403); without a
    /// session there is nothing to end, and the cookie is left alone.
    private func signOut(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await formFields(request)
        let session = webSession(context)
        guard isSameOrigin(request), session.map({ sessions.verifiesCSRF(form["csrf"], for: $0) }) ?? true else {
            return HTML("<!doctype html><title>Forbidden</title><p>Sign-out needs this site's page and its CSRF token.</p>", status: .forbidden)
                .response(from: request, context: context)
        }
        var response = redirect(to: "/login")
        if let session {
            try await sessions.signOut(id: session.id)
            response.headers[.setCookie] = sessions.expiredCookie().description
        }
        return response
    }

    /// A read-only HTML fragment for a signed-in browser; domain errors become a message with 404/422.
    private func fragment(
        _ request: Request, _ context: AppRequestContext, parameters: [String: String]? = nil,
        _ render: (Snapshot, [String: String]) throws(PresetError) -> String
    ) throws -> Response {
        guard webSession(context) != nil else {
            return HTML(WebTemplates.render("message", ["message": "Your sign-in has ended; reload the page."]), status: .unauthorized)
                .response(from: request, context: context)
        }
        let parameters = try parameters ?? query(request)
        do {
            return HTML(try render(library.snapshot, parameters)).response(from: request, context: context)
        } catch {
            let status: HTTPResponse.Status = switch error {
            case .presetNotFound, .artifactNotFound, .unknownOperation, .unknownDefaultVersion, .noUpdatePending: .notFound
            default: .unprocessableContent
            }
            return HTML(WebTemplates.render("message", ["message": error.description]), status: status)
                .response(from: request, context: context)
        }
    }

    // MARK: Helpers

    /// The signed-in browser making the request (recognised by `SignInMiddleware`).
    private func webSession(_ context: AppRequestContext) -> WebSession? {
        if case .webSession(let session) = context.identity { return session }
        return nil
    }

    private func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .contentLength: "0"])
    }

    private func query(_ request: Request) throws -> [String: String] {
        var values: [String: String] = [:]
        for pair in try request.queryPairs() where values[pair.name] == nil { values[pair.name] = pair.value }
        return values
    }

    private func formFields(_ request: Request, limit: Int = 16 << 10) async throws -> [String: String] {
        let buffer = try await request.collectedBody(limit: limit)
        let text = String(buffer: buffer)
        var values: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Request.formDecoded(parts[0])
            if values[name] == nil { values[name] = parts.count > 1 ? try Request.formDecoded(parts[1]) : "" }
        }
        return values
    }

    /// Whether a form post comes from this site. Browsers say so in `Sec-Fetch-Site`; without it,
    /// an `Origin` naming another host is refused. (`Origin: null` is what the page's
    /// `Referrer-Policy: no-referrer` makes browsers send, so it proves nothing either way.)
    private func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[.secFetchSite] {
            return site == "same-origin" || site == "none"
        }
        guard let origin = request.headers[.origin], origin != "null" else { return true }
        guard let host = request.head.authority else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }
}

extension HTTPField.Name {
    /// `Sec-Fetch-Site`: `same-origin`, `same-site`, `cross-site` or `none`, sent by browsers.
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
