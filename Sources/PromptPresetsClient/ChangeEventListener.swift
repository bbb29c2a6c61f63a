import AsyncHTTPClient
import Foundation
import NIOCore

/// Follows a server's `GET /api/v1/events` and calls back on every event, reconnecting with
/// `Last-Event-ID` after an error, and calling back on each (re)connection too, since what
/// changed while it was away is unknown until the replay arrives.
struct ChangeEventListener: Sendable {
    let url: String
    let token: String?
    let http: HTTPClient
    var retryDelay: Duration = .seconds(1)

    func run(onChange: @Sendable () -> Void) async {
        var lastEventID: String?
        while !Task.isCancelled {
            do {
                var request = HTTPClientRequest(url: url)
                if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
                if let lastEventID { request.headers.add(name: "Last-Event-ID", value: lastEventID) }
                let response = try await http.execute(request, deadline: .distantFuture)
                guard response.status.code == 200 else { throw ClientError.status(response.status.code, "") }
                onChange()
                var parser = EventStreamParser()
                for try await chunk in response.body {
                    for event in parser.feed(String(buffer: chunk)) {
                        if let id = event.id { lastEventID = id }
                        if event.name == "change" || event.name == "reload" { onChange() }
                    }
                }
            } catch {
                // The server went away or refused: try again.
            }
            try? await Task.sleep(for: retryDelay)
        }
    }
}

/// Splits a `text/event-stream` into events (only `id:` and `event:` matter here).
struct EventStreamParser {
    struct Event: Equatable {
        var id: String?
        var name: String
    }

    private var pending = ""

    /// The events completed by `text` (an event ends at an empty line).
    mutating func feed(_ text: String) -> [Event] {
        pending += text.replacingOccurrences(of: "\r\n", with: "\n")
        var events: [Event] = []
        while let end = pending.range(of: "\n\n") {
            let block = pending[..<end.lowerBound]
            pending = String(pending[end.upperBound...])
            var event = Event(id: nil, name: "message")
            var hasField = false
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) where !line.hasPrefix(":") {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard let field = parts.first else { continue }
                let value = parts.count > 1 ? String(parts[1].drop { $0 == " " }) : ""
                switch field {
                case "id": event.id = value; hasField = true
                case "event": event.name = value; hasField = true
                case "data": hasField = true
                default: break
                }
            }
            if hasField { events.append(event) }
        }
        return events
    }
}
