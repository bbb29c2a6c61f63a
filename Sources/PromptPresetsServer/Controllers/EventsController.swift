import HTTPTypes
import Hummingbird
import NIOCore
import PromptPresets
import PromptPresetsService
import ServiceLifecycle

/// `GET /events`: server-sent events, one per commit from any process, with the store
/// version as the event id, so `Last-Event-ID` (or `?after=`) resumes where a client left.
/// Without either the stream starts at the current version. A comment every
/// `heartbeatInterval` keeps proxies and idle clients from closing a quiet stream; the
/// stream ends when the server shuts down.
struct EventsController: Sendable {
    let library: PresetLibrary
    var heartbeatInterval: Duration = .seconds(15)

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get(use: events)
        return routes
    }

    @Sendable func events(_ request: Request, context: AppRequestContext) throws -> Response {
        let start = try resumePoint(of: request, context: context) ?? library.version
        let events = library.changeEvents(after: start)
        let heartbeat = heartbeatInterval
        let body = ResponseBody { writer in
            await Self.stream(events, heartbeat: heartbeat, into: &writer)
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [
            .contentType: "text/event-stream; charset=utf-8",
            .cacheControl: "no-store",
            HTTPField.Name("X-Accel-Buffering")!: "no",
        ], body: body)
    }

    /// The version after which to start: `Last-Event-ID`, else `?after=`.
    /// - Throws: 400 naming the header or parameter when it is not a store version.
    private func resumePoint(of request: Request, context: AppRequestContext) throws -> StoreVersion? {
        if let header = request.headers[HTTPField.Name("Last-Event-ID")!], !header.isEmpty {
            return try Self.version(header, source: "The Last-Event-ID header")
        }
        let query = try QueryParameters(context.queryPairs ?? request.queryPairs())
        return try query.nonEmpty("after").map { try Self.version($0, source: "Query parameter 'after'") }
    }

    private static func version(_ text: String, source: String) throws -> StoreVersion {
        guard let value = Int64(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
            throw APIError.badRequest("\(source) must be a store version (a whole number from 0), not '\(text.prefix(40))'.")
        }
        return StoreVersion(value)
    }

    /// Writes every event and heartbeat until the events end, the client goes, the server
    /// shuts down or the task is cancelled.
    private static func stream(
        _ events: AsyncThrowingStream<ChangeEvent, any Error>, heartbeat: Duration, into writer: inout any ResponseBodyWriter
    ) async {
        let (frames, output) = AsyncStream.makeStream(of: String.self)
        let producer = Task {
            output.yield("retry: 2000\n\n")
            do {
                for try await event in events { output.yield(frame(event)) }
                output.finish()
            } catch {
                output.yield("event: error\ndata: {\"type\":\"error\",\"message\":\"the store could not be read; reconnect to resume\"}\n\n")
                output.finish()
            }
        }
        let pulse = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: heartbeat)
                output.yield(": keep-alive\n\n")
            }
        }
        defer {
            producer.cancel()
            pulse.cancel()
        }
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                for await text in frames {
                    do {
                        try await writer.write(ByteBuffer(string: text))
                    } catch {
                        return  // the client went away
                    }
                }
            } onCancel: {
                output.finish()
            }
        } onGracefulShutdown: {
            output.finish()
        }
    }

    /// One event in the `text/event-stream` format; the JSON is one line.
    static func frame(_ event: ChangeEvent) -> String {
        "id: \(event.version)\nevent: \(event.name)\ndata: \(event.jsonValue.canonicalText)\n\n"
    }
}
