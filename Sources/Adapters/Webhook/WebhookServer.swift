import Hummingbird
import Logging
import Mapping
import ServiceLifecycle

/// The webhook adapter's HTTP server: `POST <path>` for records and `GET /healthz`.
///
/// It speaks plain HTTP/1.1: TLS is terminated by a reverse proxy in front of it (see
/// `docs/adapter-daemon.md`), so bind it to localhost or a private interface. On graceful shutdown
/// it stops accepting connections and finishes the requests in hand before returning.
struct WebhookServer: Service {
    let settings: AdapterDefinition.Webhook
    let endpoint: WebhookEndpoint
    let logger: Logger

    func run() async throws {
        let router = Router()
        let endpoint = self.endpoint
        router.post(RouterPath(settings.path)) { request, _ in await endpoint.handle(request) }
        router.get("/healthz") { _, _ in WebhookReply.json(.ok, ["status": "ok"]) }
        let application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port)),
            onServerRunning: { [logger, settings] _ in
                logger.notice("webhook listening", metadata: ["address": "\(settings.host):\(settings.port)", "path": "\(settings.path)"])
            },
            logger: logger)
        try await application.run()
    }
}
