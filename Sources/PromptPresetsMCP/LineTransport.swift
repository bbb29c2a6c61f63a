import Foundation
import Logging
import MCP

/// MCP over standard input and output, one JSON-RPC message per line, with blocking reads on
/// a thread of its own: a message is handled as soon as its line arrives. (The SDK's stdio
/// transport polls a non-blocking descriptor every 10 ms, which caps a client at about 100
/// round trips per second.)
public actor LineTransport: Transport {
    public nonisolated let logger: Logger
    private let input: FileHandle
    private let output: FileHandle
    private let messages: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private var isConnected = false

    public init(input: FileHandle = .standardInput, output: FileHandle = .standardOutput, logger: Logger) {
        self.input = input
        self.output = output
        self.logger = logger
        (messages, continuation) = AsyncThrowingStream.makeStream()
    }

    public func connect() async throws {
        guard !isConnected else { return }
        isConnected = true
        let input = input, continuation = continuation, logger = logger
        let reader = Thread {
            var pending = Data()
            while true {
                let chunk = input.availableData  // blocks until bytes arrive; empty at end of input
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending[pending.startIndex..<newline]
                    pending = Data(pending[(newline + 1)...])
                    if !line.isEmpty { continuation.yield(Data(line)) }
                }
            }
            logger.debug("standard input closed")
            continuation.finish()
        }
        reader.start()
    }

    public func disconnect() async {
        isConnected = false
        continuation.finish()
    }

    public func send(_ data: Data) async throws {
        guard isConnected else { throw MCPError.connectionClosed }
        var line = data
        line.append(UInt8(ascii: "\n"))
        do {
            try output.write(contentsOf: line)
        } catch {
            throw MCPError.transportError(error)
        }
    }

    public func receive() -> AsyncThrowingStream<Data, any Error> {
        messages
    }
}
