import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback HTTP endpoint for webhook deliveries: answers each request with the next status
/// of `statuses` (the last one repeats) and keeps what arrived.
final class LoopbackListener: @unchecked Sendable {
    struct Request: Sendable {
        var head: String
        var body: String

        func header(_ name: String) -> String? {
            for line in head.split(separator: "\r\n").dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
    }

    let port: Int
    private let descriptor: Int32
    private let lock = NSLock()
    private var statuses: [Int]
    private var received: [Request] = []

    init(statuses: [Int]) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw ChildProcessError("socket() failed: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 16) == 0 && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw ChildProcessError("could not listen on loopback: \(errno)")
        }
        self.statuses = statuses
        self.descriptor = listener
        self.port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    /// Stops accepting; the accepting thread ends.
    func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
    }

    var requests: [Request] { lock.withLock { received } }

    private func acceptLoop() {
        while true {
            let connection = accept(descriptor, nil, nil)
            guard connection >= 0 else { return }
            serve(connection)
            close(connection)
        }
    }

    /// Reads one request (head and `Content-Length` body) and answers it.
    private func serve(_ connection: Int32) {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let text = String(decoding: bytes, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n") {
                let head = String(text[..<end.lowerBound])
                let request = Request(head: head, body: "")
                let length = Int(request.header("Content-Length") ?? "0") ?? 0
                let body = String(text[end.upperBound...])
                if body.utf8.count >= length {
                    let status = lock.withLock {
                        received.append(Request(head: head, body: body))
                        return statuses.count > 1 ? statuses.removeFirst() : statuses[0]
                    }
                    let reply = Array("HTTP/1.1 \(status) Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
                    _ = reply.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    return
                }
            }
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            bytes += buffer[0..<count]
        }
    }
}

extension RawConnection {
    /// Reads until what arrived satisfies `done` or `seconds` pass; returns what arrived.
    func read(within seconds: Double, until done: (String) -> Bool) -> String {
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let deadline = Date().addingTimeInterval(seconds)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
                if done(String(decoding: received, as: UTF8.self)) { break }
            } else if count == 0 {
                break
            }
        }
        return String(decoding: received, as: UTF8.self)
    }
}
