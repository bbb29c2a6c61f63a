import Foundation
import Testing

/// §10.6 against the real server process: DNS rebinding, a body that never arrives, and a
/// flood of idle sockets.
@Suite("Hostile networks", .serialized)
final class HostileNetworkTests {
    let scratch: ScratchStore
    var storePath: String { scratch.storePath }
    let token = "hostile-network-test-token-0123456789abcdef"

    init() throws {
        scratch = try ScratchStore(prefix: "pp-hostile")
    }

    /// Starts `serve` (through `sh`, so `ulimit -n` can make its file limit small) and returns it with its port.
    func startServer(_ arguments: [String] = [], openFiles: Int? = nil) async throws -> (ChildProcess, Int) {
        let binary = try ChildProcess.executable("prompt-presets").path
        let serve = [binary, "serve", "--store", storePath, "--port", "0"] + arguments
        let script = (openFiles.map { "ulimit -n \($0) && " } ?? "") + "exec \"$@\""
        let server = try ChildProcess(path: "/bin/sh", ["-c", script, "sh"] + serve, environment: ["PROMPT_PRESETS_TOKEN": token])
        let line = try await server.line { $0.contains("is serving http://") }
        let address = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") })
        let port = try #require(address.split(separator: ":").last.flatMap { Int($0.filter(\.isNumber)) })
        return (server, port)
    }

    @Test("a page that rebinds its own name to the server gets 421 and nothing else")
    func dnsRebinding() async throws {
        let (server, port) = try await startServer(["--public-name", "presets.example.test"])
        defer { server.kill() }
        for path in ["/api/v1/presets", "/api/v1/audit", "/api/v1/export?preset=default&allowSecrets=true", "/healthz", "/"] {
            let foreign = try RawConnection.request(port: port, "GET \(path) HTTP/1.1\r\nHost: evil.test:\(port)\r\nConnection: close\r\n\r\n")
            #expect(foreign.hasPrefix("HTTP/1.1 421"), "\(path): \(foreign.prefix(120))")
            #expect(foreign.contains("does not answer to the host 'evil.test:\(port)'"))
        }
        let own = try RawConnection.request(port: port, "GET /api/v1/presets HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        #expect(own.hasPrefix("HTTP/1.1 200"), "\(own.prefix(120))")
        let named = try RawConnection.request(port: port, "GET /healthz HTTP/1.1\r\nHost: presets.example.test\r\nConnection: close\r\n\r\n")
        #expect(named.hasPrefix("HTTP/1.1 200"), "a --public-name is accepted: \(named.prefix(120))")
    }

    @Test("a request whose body never arrives is closed after the body timeout")
    func slowBody() async throws {
        let (server, port) = try await startServer(["--body-timeout", "1"])
        defer { server.kill() }
        let connection = try RawConnection(port: port)
        try connection.send(
            "POST /api/v1/presets HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":")
        // Without the timeout this would wait forever; the bound is only how long the test waits.
        let (_, closed) = connection.readUntilClosed(within: 60)
        #expect(closed, "the server kept the connection open with the body missing")
        let health = try RawConnection.request(port: port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(health.hasPrefix("HTTP/1.1 200"))
    }

    @Test("a connection that never sends its headers is closed after the header timeout")
    func silentConnection() async throws {
        let (server, port) = try await startServer(["--header-timeout", "1"])
        defer { server.kill() }
        let connection = try RawConnection(port: port)
        try connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        let (_, closed) = connection.readUntilClosed(within: 60)
        #expect(closed, "the server waited forever for the rest of the headers")
    }

    @Test("/healthz answers while more idle sockets are open than the server has files for")
    func idleFlood() async throws {
        // 160 files for the server; 400 idle sockets; timeouts far beyond the test, so only the
        // connection limit (closing the longest-idle connection) can keep /healthz reachable.
        let (server, port) = try await startServer(
            ["--header-timeout", "3600", "--idle-timeout", "3600", "--max-connections", "100000"], openFiles: 160)
        defer { server.kill() }
        var idle: [RawConnection] = []
        for _ in 0..<400 { idle.append(try RawConnection(port: port)) }
        let health = try RawConnection.request(
            port: port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", within: 60)
        #expect(health.hasPrefix("HTTP/1.1 200"), "/healthz did not answer under the flood: \(health.prefix(80))")
        #expect(health.contains("\"status\":\"ok\""))
        withExtendedLifetime(idle) {}
    }

    @Test("--host that only looks like loopback does not open reads, and a name that resolves nowhere is refused")
    func lookalikeLoopbackHost() async throws {
        let refused = try await ChildProcess.run(["serve", "--store", storePath, "--port", "0", "--host", "127.evil.test"],
                                                 environment: ["PROMPT_PRESETS_TOKEN": token])
        #expect(refused.status != 0)
        #expect(refused.error.contains("--host '127.evil.test' does not resolve"), "\(refused.error)")
    }
}
