import EarlyYearsSchema
import HubRuntime
import Kafka
import Logging
import Mapping
import ServiceLifecycle

/// One adapter as a long-running service: its transport (file drop, webhook or raw topic) feeding
/// the adapter's ``DocumentMapper`` and producing to `eyh.events.v1`, `eyh.raw.<adapter>.v1` and
/// `eyh.dlq.<adapter>.v1`.
///
/// Run it in a `ServiceGroup` with graceful-shutdown signals: on SIGTERM or SIGINT it finishes the
/// file or requests in hand (or commits the open transaction), flushes the producer and returns.
public final class AdapterDaemon: Service {
    public let definition: AdapterDefinition
    public let settings: AdapterSettings
    private let mapper: DocumentMapper
    private let logger: Logger

    public init(definition: AdapterDefinition, engine: MappingEngine, settings: AdapterSettings, logger: Logger) throws(AdapterSettingsError) {
        if settings.once, definition.transport.name != "file_drop" {
            throw AdapterSettingsError(description: "--once applies to file_drop adapters only; a \(definition.transport.name) adapter runs until stopped")
        }
        self.definition = definition
        self.settings = settings
        self.mapper = DocumentMapper(adapter: definition.name, engine: engine, rawCopy: definition.rawCopy)
        var logger = logger
        logger[metadataKey: "adapter"] = "\(definition.name)"
        self.logger = logger
    }

    /// `eyh.events.v1` and `eyh.intake.v1` as the core catalog defines them, and the adapter's raw
    /// and dead-letter topics.
    public var topics: [TopicSpecification] {
        HubTopics.core(partitions: settings.partitions, replicationFactor: settings.replicationFactor)
            .filter { [HubTopics.events, HubTopics.intake].contains($0.name) }
            + HubTopics.adapterTopics(definition.name, partitions: settings.partitions, replicationFactor: settings.replicationFactor)
    }

    public func run() async throws {
        logger.notice("adapter starting", metadata: [
            "transport": "\(definition.transport.name)", "mapping": "\(mapper.engine.definition.id) v\(mapper.engine.definition.version)",
            "raw_copy": "\(definition.rawCopy)",
        ])
        switch definition.transport {
        case .fileDrop(let fileDrop):
            try await withPublisher(deliveryTimeout: settings.deliveryTimeout ?? .seconds(60)) { publisher in
                FileDropService(settings: fileDrop, mapper: mapper, publisher: publisher, once: settings.once, logger: logger)
            }
        case .webhook(let webhook):
            let authenticator = try WebhookAuthenticator(webhook.auth, relativeTo: definition.directory)
            try await withPublisher(deliveryTimeout: settings.deliveryTimeout ?? .seconds(10)) { publisher in
                WebhookServer(
                    settings: webhook,
                    endpoint: WebhookEndpoint(
                        mapper: mapper, publisher: publisher, authenticator: authenticator, maxBodyBytes: webhook.maxBodyBytes, logger: logger),
                    logger: logger)
            }
        case .rawTopic(let rawTopic):
            try await runStage(groupID: rawTopic.groupID)
        }
        logger.notice("adapter stopped")
    }

    /// Runs a transport with a publisher, closing (and so flushing) the publisher however it ends.
    private func withPublisher(deliveryTimeout: Duration, _ transport: (AdapterPublisher) -> some Service) async throws {
        let publisher = try AdapterPublisher(client: settings.client, topics: topics, deliveryTimeout: deliveryTimeout, logger: logger)
        do {
            try await publisher.ensureTopics()
        } catch {
            // Not fatal: every publish tries again first, and until then inputs wait or get 503.
            logger.warning("topics not checked at start-up; will retry before publishing", metadata: ["kafka.error": "\(error.kafka)"])
        }
        do {
            try await transport(publisher).run()
        } catch {
            await publisher.close()
            throw error
        }
        await publisher.close()
    }

    /// The raw-topic transport: the shared transactional stage runner over the adapter's raw topic.
    private func runStage(groupID: String) async throws {
        let admin = try KafkaAdmin(configuration: settings.client, logger: logger)
        defer { admin.close() }
        _ = try await admin.ensureTopics(topics)
        let stage = StageConfiguration(
            name: "adapter-\(definition.name)", inputTopics: [mapper.topics.raw], deadLetterTopic: mapper.topics.deadLetter,
            client: settings.client, instance: settings.instance, groupID: groupID)
        let runner = StageRunner(configuration: stage, transformation: RawTopicTransformation(mapper: mapper, logger: logger), logger: logger)
        try await runner.run()
        let statistics = runner.currentStatistics
        logger.notice("raw topic stage stopped", metadata: [
            "records_in": "\(statistics.recordsIn)", "records_out": "\(statistics.recordsOut)",
            "transactions": "\(statistics.transactionsCommitted)",
        ])
    }
}

/// How to run an adapter, beyond what its `adapter.yaml` says.
public struct AdapterSettings: Sendable {
    public var client: ClientConfiguration
    /// File drop only: process the files waiting now, then return.
    public var once: Bool
    /// How long a record may wait for the broker's acknowledgement before the input is kept for a
    /// retry (file drop) or answered 503 (webhook). Default: 60 s for file drop, 10 s for webhook.
    public var deliveryTimeout: Duration?
    /// Raw topic only: the stage instance, stable across restarts (transactional id, static membership).
    public var instance: String
    /// For topics this adapter creates.
    public var partitions: Int
    public var replicationFactor: Int

    public init(
        client: ClientConfiguration, once: Bool = false, deliveryTimeout: Duration? = nil, instance: String = "0",
        partitions: Int = 6, replicationFactor: Int = 1
    ) {
        self.client = client
        self.once = once
        self.deliveryTimeout = deliveryTimeout
        self.instance = instance
        self.partitions = partitions
        self.replicationFactor = replicationFactor
    }
}

/// Settings that do not fit the adapter.
public struct AdapterSettingsError: Error, CustomStringConvertible {
    public var description: String
}
