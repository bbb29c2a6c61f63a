import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A real process of one of the package's executables, with its output collected as it comes.
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    private let pipes = (output: Pipe(), error: Pipe())
    private let lock = NSLock()
    private var output = ""
    private var errors = ""

    /// The package's executables are built next to the test bundle.
    static func executable(_ name: String) throws -> URL {
        var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        if let bundle = Bundle.main.executableURL { candidates.append(bundle.deletingLastPathComponent()) }
        for directory in candidates {
            var url = directory
            // On macOS the bundle is a directory: …/PromptPresetsPackageTests.xctest/Contents/MacOS/…
            for _ in 0..<4 {
                let candidate = url.appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                url.deleteLastPathComponent()
            }
        }
        throw ChildProcessError("'\(name)' was not found next to the test bundle (\(candidates.map(\.path))); run `swift build` first")
    }

    convenience init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        try self.init(path: try Self.executable(executable).path, arguments, environment: environment)
    }

    /// Any program, by its path (`/bin/sh` to set limits before the server starts).
    init(path: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        process.environment = merged
        let (out, err) = pipes
        process.standardOutput = out
        process.standardError = err
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            guard let text = Self.take(handle) else { return }
            self?.lock.withLock { self?.output += text }
        }
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            guard let text = Self.take(handle) else { return }
            self?.lock.withLock { self?.errors += text }
        }
        try process.run()
    }

    /// What arrived on `handle`; at end of output, removes the handler and returns nil. A
    /// handler left on a finished pipe keeps its file descriptor registered with dispatch
    /// after the pipe closes it, and a later file reusing that number crashes dispatch's
    /// event loop (seen once in CI, during the multi-process tests).
    private static func take(_ handle: FileHandle) -> String? {
        let data = handle.availableData
        guard !data.isEmpty else {
            handle.readabilityHandler = nil
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }

    var standardOutput: String { lock.withLock { output } }
    var standardError: String { lock.withLock { errors } }

    /// Waits until the output holds a line matching `predicate`, and returns that line.
    func line(within seconds: Double = 60, where predicate: (Substring) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let line = standardOutput.split(separator: "\n").first(where: predicate) { return String(line) }
            if !process.isRunning, standardOutput.split(separator: "\n").first(where: predicate) == nil {
                throw ChildProcessError("the process exited (\(process.terminationStatus)) first: \(standardError)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw ChildProcessError("no matching line within \(seconds) s; output: \(standardOutput) \(standardError)")
    }

    /// Waits for the process to end and returns its exit status.
    func wait() async -> Int32 {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(5)) }
        return process.terminationStatus
    }

    func kill(_ signal: Int32 = SIGKILL) {
        if process.isRunning { Foundation.kill(process.processIdentifier, signal) }
    }

    deinit {
        kill()
        // Before the pipes close their descriptors (see `take`).
        pipes.output.fileHandleForReading.readabilityHandler = nil
        pipes.error.fileHandleForReading.readabilityHandler = nil
    }

    /// Runs the command line to the end; returns its exit status and output.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String, error: String) {
        let child = try ChildProcess("prompt-presets", arguments, environment: environment)
        let status = await child.wait()
        try await Task.sleep(for: .milliseconds(20))  // the last output's handler may still run
        return (status, child.standardOutput, child.standardError)
    }
}

struct ChildProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A minimal HTTP client for the server under test; it caches nothing, so a 304 reaches the test as a 304.
/// An empty token sends no `Authorization` header (a browser's requests).
struct HTTPClient: Sendable {
    let base: String
    let token: String

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration)
    }()

    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
    }

    func send(
        _ method: String, _ path: String, json: String? = nil, form: String? = nil, headers: [String: String] = [:]
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        if !token.isEmpty { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let form {
            request.httpBody = Data(form.utf8)
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await Self.session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields[String(describing: name).lowercased()] = String(describing: value) }
        return Reply(status: http.statusCode, headers: fields, body: String(decoding: data, as: UTF8.self))
    }
}

/// One HTTP/1.1 request over a plain socket, for what URLSession hides: the redirect a sign-in
/// answers with and its `Set-Cookie`. Returns the status and the raw response text.
func rawHTTP(_ base: String, _ request: String) throws -> (status: Int, text: String) {
    let url = try #require(URL(string: base))
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw ChildProcessError("socket() failed") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(try #require(url.port)).bigEndian)
    address.sin_addr.s_addr = inet_addr(url.host ?? "127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw ChildProcessError("connect() to \(base) failed") }
    let bytes = Array(request.utf8)
    guard send(descriptor, bytes, bytes.count, 0) == bytes.count else { throw ChildProcessError("send() failed") }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = recv(descriptor, &buffer, buffer.count, 0)
        if count <= 0 { break }
        response += buffer[0..<count]
    }
    let text = String(decoding: response, as: UTF8.self)
    let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
    return (status, text)
}

/// Starts `prompt-presets serve` on `store` (a file or a URL) on a free port with `token`.
func startServer(
    store: String, token: String, arguments: [String] = [], environment: [String: String] = [:]
) async throws -> (process: ChildProcess, http: HTTPClient) {
    let server = try ChildProcess(
        "prompt-presets", ["serve", "--store", store, "--port", "0"] + arguments,
        environment: environment.merging(["PROMPT_PRESETS_TOKEN": token]) { mine, _ in mine })
    let line = try await server.line { $0.contains("is serving http://") }
    let address = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") })
    return (server, HTTPClient(base: String(address.dropLast(address.hasSuffix("/") ? 1 : 0)), token: token))
}

/// Polls `condition` until it holds or `seconds` pass; returns whether it held.
func eventually(within seconds: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return false
}

/// A store file in a temporary directory, for tests that run the package's processes on it;
/// the directory goes with the value.
final class TemporaryStore {
    let directory: URL
    let path: String

    init(_ label: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pp-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("store.sqlite").path
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `prompt-presets ARGUMENTS --store PATH` and expects it to succeed.
    func cli(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let result = try await ChildProcess.run(arguments + ["--store", path])
        #expect(result.status == 0, "\(arguments): \(result.error)", sourceLocation: sourceLocation)
    }
}
