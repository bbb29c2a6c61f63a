import Foundation
import PromptPresets
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// The open connections of one server, so that the connection limit closes the longest-idle
/// one to admit a new connection: a flood of silent sockets cannot lock `/healthz` out.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        let channel: any Channel
        /// When the connection last became idle (a sequence number); `nil` while a request runs.
        var idleSince: UInt64?
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var clock: UInt64 = 0
    }

    let maxConnections: Int
    private let state = Locked(State())

    init(maxConnections: Int) {
        self.maxConnections = maxConnections
    }

    var count: Int { state.withLock { $0.entries.count } }

    /// Registers a new (idle) connection; beyond the limit, closes the longest-idle other one,
    /// or the new one itself when every other connection is busy.
    func opened(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let victim: (any Channel)? = state.withLock { state in
            state.clock += 1
            state.entries[id] = Entry(channel: channel, idleSince: state.clock)
            guard state.entries.count > maxConnections else { return nil }
            let oldest = state.entries.filter { $0.key != id && $0.value.idleSince != nil }
                .min { $0.value.idleSince! < $1.value.idleSince! }
            let chosen = oldest?.key ?? id
            return state.entries.removeValue(forKey: chosen)?.channel
        }
        victim?.close(promise: nil)
    }

    func busy(_ channel: any Channel) {
        state.withLock { $0.entries[ObjectIdentifier(channel)]?.idleSince = nil }
    }

    func idle(_ channel: any Channel) {
        state.withLock { state in
            state.clock += 1
            state.entries[ObjectIdentifier(channel)]?.idleSince = state.clock
        }
    }

    func closed(_ channel: any Channel) {
        _ = state.withLock { $0.entries.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}

/// Closes connections that are slow or silent: no complete request head within
/// `headerTimeout` of connecting, no whole body within `bodyTimeout` of its head, nothing
/// within `idleTimeout` of the last response. Also keeps the registry's idle/busy marks.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: ConnectionLimits
    private let registry: ConnectionRegistry
    private var deadline: Scheduled<Void>?
    private var registered = false
    /// Between a request's head and its end, unless its response has ended first.
    private var readingBody = false

    init(limits: ConnectionLimits, registry: ConnectionRegistry) {
        self.limits = limits
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        registered = true
        registry.opened(context.channel)
        closeUnlessDone(within: limits.headerTimeout, context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        if registered { registry.closed(context.channel) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        registry.closed(context.channel)
        registered = false
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            registry.busy(context.channel)
            readingBody = true
            closeUnlessDone(within: limits.bodyTimeout, context: context)
        case .end:
            if readingBody {
                readingBody = false
                deadline?.cancel()
                deadline = nil
            }
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            readingBody = false
            registry.idle(context.channel)
            closeUnlessDone(within: limits.idleTimeout, context: context)
        }
        context.write(data, promise: promise)
    }

    /// Replaces the pending deadline with one `seconds` from now that closes the connection.
    private func closeUnlessDone(within seconds: TimeInterval, context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
            channel.close(promise: nil)
        }
    }
}
