import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Durable, atomic file replacement: temp file in the same directory, fsync, rename, fsync dir.
enum AtomicFile {
    /// Writes `data` to `path` so that readers see either the old file or the new one, never a
    /// mix, and the new one survives a crash once this returns.
    /// - Parameter exclusive: create `path` directly and fail if it exists (backups), instead of
    ///   replacing it through a temporary file.
    static func write(_ data: Data, to path: String, mode: mode_t, exclusive: Bool = false) throws(SillyTavernError) {
        let directory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let target = exclusive ? path : "\(directory)/.\((path as NSString).lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .writeFailed(path: target, reason: lastError()) }
        var succeeded = false
        defer {
            if !succeeded { unlink(target) }
        }
        do {
            defer { close(descriptor) }
            var failure: String?
            data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                var offset = 0
                while offset < buffer.count {
                    let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        failure = lastError()
                        return
                    }
                    offset += written
                }
            }
            if let failure { throw SillyTavernError.writeFailed(path: target, reason: failure) }
            if fchmod(descriptor, mode) != 0 { throw SillyTavernError.writeFailed(path: target, reason: lastError()) }
            if fsync(descriptor) != 0 { throw SillyTavernError.writeFailed(path: target, reason: lastError()) }
        }
        if !exclusive {
            guard rename(target, path) == 0 else { throw .writeFailed(path: path, reason: lastError()) }
        }
        succeeded = true
        let directoryDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// The permission bits of the file at `path`, or nil when it cannot be examined.
    static func permissions(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    private static func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
        #elseif canImport(Musl)
        Musl.write(descriptor, buffer, count)
        #else
        Darwin.write(descriptor, buffer, count)
        #endif
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
