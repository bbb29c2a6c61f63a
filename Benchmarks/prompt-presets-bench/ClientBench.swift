import AsyncHTTPClient
import Foundation
import NIOCore
import PromptPresets
import PromptPresetsClient
import PromptPresetsService

/// `client URL`: `PromptPresetsClient` against a running server — a cached resolve next to the
/// library's own in-process resolve, and a revalidation (`304`) next to a full response.
func runClientFigures(url: String, token: String?) async throws {
    let context = Context(chat: "bench-chat")
    section("PromptPresetsClient against \(url)")

    let library = try await PresetLibrary(store: InMemoryStore(), catalog: catalog)
    let iterations = 200_000
    let inProcess = try bestNanosecondsPerCall(iterations: iterations) { _ in
        blackHole(try library.snapshot.resolve("scene_recap", in: context))
    }
    report("library: in-process resolve", "\(format(inProcess))/op")

    let client = PromptPresetsClient(
        configuration: .init(baseURL: url, token: token, maxAge: .seconds(3600), followsChanges: false), catalog: catalog)
    defer { client.stop() }
    guard try await client.resolve("scene_recap", in: context).origin == .fetched else {
        print("the server did not answer: start it first (`prompt-presets serve`)")
        return
    }
    var best = Double.infinity
    for _ in 0..<3 {
        let total = try await nanoseconds { for _ in 0..<iterations { blackHole(try await client.resolve("scene_recap", in: context)) } }
        best = min(best, total / Double(iterations))
    }
    report("client: cached resolve", "\(format(best))/op  (\(String(format: "%.2f", best / inProcess))× the library's)")

    let resolveURL = "\(url)/api/v1/resolve?operation=scene_recap&chat=bench-chat"
    func get(tag: String?) async throws -> (status: UInt, tag: String?) {
        var request = HTTPClientRequest(url: resolveURL)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let tag { request.headers.add(name: "If-None-Match", value: tag) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        _ = try await response.body.collect(upTo: 8 << 20)
        return (response.status.code, response.headers.first(name: "ETag"))
    }
    let tag = try await get(tag: nil).tag
    let rounds = 2_000
    for _ in 0..<200 { _ = try await get(tag: nil); _ = try await get(tag: tag) }  // warm the connection pool
    let full = try await latencies(iterations: rounds) { _ in _ = try await get(tag: nil) }
    let revalidated = try await latencies(iterations: rounds) { _ in
        guard try await get(tag: tag).status == 304 else { throw ClientBenchError.expected304 }
    }
    report("HTTP: full response (200)", full)
    report("HTTP: revalidation (304)", revalidated,
           note: String(format: "%.2f× the full response's p50", revalidated.p50 / full.p50))
}

enum ClientBenchError: Error {
    case expected304
}
