import AsyncHTTPClient
import Crypto
import Foundation
import HTTPTypes
import Logging
import NIOCore
import PromptPresets
import PromptPresetsService
import ServiceLifecycle

/// Where change events are posted, and the secret their signature is made with.
public struct Webhook: Sendable {
    public var url: String
    public var secret: String

    public init(url: String, secret: String) {
        self.url = url
        self.secret = secret
    }

    /// The header carrying `sha256=<hex HMAC-SHA256 of the body with the secret>`.
    public static let signatureHeader = "PromptPresets-Signature"
    /// The header carrying the event's store version, for receivers to skip repeats.
    public static let eventIDHeader = "PromptPresets-Event-ID"

    /// The signature header's value for `body`.
    public func signature(of body: [UInt8]) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }
}

/// Posts every change event, in order, to each webhook (§10.5): the event stream's JSON as
/// the body, signed. A delivery that fails (no answer, or a status other than 2xx) is
/// retried after each of `retryDelays`; then it is logged as given up and the next event
/// goes. Each webhook's position is kept in the store's settings, so a restarted server
/// resumes where it stopped, delivering what was committed meanwhile (a webhook new to the
/// store starts at the current version).
struct WebhookService: Service {
    let library: PresetLibrary
    let webhooks: [Webhook]
    let logger: Logger
    var retryDelays: [Duration] = [.milliseconds(250), .seconds(1), .seconds(4), .seconds(15)]
    var requestTimeout: TimeAmount = .seconds(10)

    func run() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let current = library.version
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for webhook in webhooks {
                    group.addTask {
                        let start = await cursor(of: webhook) ?? current
                        await deliverEvents(to: webhook, after: start, with: client)
                    }
                }
            }
        }
        try await client.shutdown()
    }

    /// The store setting holding the version `webhook` has been given every event up to.
    static func cursorSetting(of webhook: Webhook) -> String {
        "webhook_cursor:" + Checksum.sha256Hex(webhook.url.utf8)
    }

    private var settings: (any ManagedStore)? { library.store as? any ManagedStore }

    private func cursor(of webhook: Webhook) async -> StoreVersion? {
        guard let text = try? await settings?.setting(Self.cursorSetting(of: webhook)), let value = Int64(text) else { return nil }
        return StoreVersion(value)
    }

    /// Follows the change events from `start`, reopening the stream after a store error.
    private func deliverEvents(to webhook: Webhook, after start: StoreVersion, with client: HTTPClient) async {
        var cursor = start
        while !Task.isCancelled {
            do {
                for try await event in library.changeEvents(after: cursor) {
                    await deliver(event, to: webhook, with: client)
                    if Task.isCancelled { return }  // an interrupted delivery is made again after a restart
                    cursor = event.version
                    do {
                        try await settings?.setSetting(Self.cursorSetting(of: webhook), to: cursor.description)
                    } catch {
                        logger.warning("could not record a webhook's position: \(error)", metadata: ["webhook.url": "\(webhook.url)"])
                    }
                }
            } catch {
                logger.error("webhook events stopped, resuming: \(error)", metadata: ["webhook.url": "\(webhook.url)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func deliver(_ event: ChangeEvent, to webhook: Webhook, with client: HTTPClient) async {
        let body = Array(event.jsonValue.canonicalText.utf8)
        var request = HTTPClientRequest(url: webhook.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: Webhook.eventIDHeader, value: event.version.description)
        request.headers.add(name: Webhook.signatureHeader, value: webhook.signature(of: body))
        request.body = .bytes(ByteBuffer(bytes: body))
        var failure = ""
        for attempt in 0...retryDelays.count {
            if attempt > 0 {
                do { try await Task.sleep(for: retryDelays[attempt - 1]) } catch { return }
            }
            do {
                let response = try await client.execute(request, timeout: requestTimeout)
                _ = try? await response.body.collect(upTo: 64 << 10)
                if (200..<300).contains(response.status.code) { return }
                failure = "status \(response.status.code)"
            } catch {
                if Task.isCancelled { return }
                failure = "\(error)"
            }
        }
        logger.error(
            "webhook gave up on an event after \(retryDelays.count + 1) attempts: \(failure)",
            metadata: ["webhook.url": "\(webhook.url)", "event.id": "\(event.version)"])
    }
}
