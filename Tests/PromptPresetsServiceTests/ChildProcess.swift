import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A real process of one of the package's executables, with its output collected as it comes.
final class ChildProcess: @unchecked Sendable {
    let process = Process()
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
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.output += String(decoding: data, as: UTF8.self) }
        }
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.errors += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    var standardOutput: String { lock.withLock { output } }
    var standardError: String { lock.withLock { errors } }

    /// Waits until the output holds a line matching `predicate`, and returns that line.
    func line(within seconds: Double = 20, where predicate: (Substring) -> Bool) async throws -> String {
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
struct HTTPClient: Sendable {
    let base: String
    let token: String

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
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

    func send(_ method: String, _ path: String, json: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await Self.session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields[String(describing: name).lowercased()] = String(describing: value) }
        return Reply(status: http.statusCode, headers: fields, body: String(decoding: data, as: UTF8.self))
    }
}
