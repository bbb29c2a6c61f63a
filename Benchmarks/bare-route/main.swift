// The baseline of `Benchmarks/load.sh`: a bare Hummingbird route returning a constant body,
// with the framework's defaults and nothing else (no middleware, no store, no logging).
//
// Usage: prompt-presets-bare-route PORT
import Foundation
import Hummingbird
import Logging

let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 8081
let body = #"{"status":"ok"}"#

let router = Router()
router.get("/bare") { _, _ in
    Response(
        status: .ok,
        headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(body.utf8.count)],
        body: .init(byteBuffer: ByteBuffer(string: body)))
}

var logger = Logger(label: "bare-route")
logger.logLevel = .warning
let app = Application(
    router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
    onServerRunning: { channel in print("bare route listening on \(channel.localAddress?.port ?? port)") },
    logger: logger)
try await app.runService()
