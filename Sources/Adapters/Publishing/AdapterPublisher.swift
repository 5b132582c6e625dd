import HubRuntime
import Kafka
import Logging
import Synchronization

/// Produces an adapter's records with an idempotent producer (`acks=all`) and reports success only
/// when the broker has acknowledged every one of them.
///
/// Each record's delivery is bounded by ``deliveryTimeout`` (librdkafka's `message.timeout.ms`),
/// so a call never hangs when the broker is down: it fails with ``PublishError`` and the caller
/// keeps the input (the file stays in the drop folder; the webhook answers 503).
///
/// The adapter's topics are created before the first record is produced, and again on the next
/// call if the broker could not be reached, so a daemon started before its broker catches up.
public final class AdapterPublisher: Sendable {
    public let deliveryTimeout: Duration
    private let producer: KafkaProducer
    private let admin: KafkaAdmin
    private let topics: [TopicSpecification]
    private let topicsReady = Mutex(false)
    private let logger: Logger

    public init(client: ClientConfiguration, topics: [TopicSpecification], deliveryTimeout: Duration, logger: Logger) throws(KafkaError) {
        let admin = try KafkaAdmin(configuration: client, logger: logger)
        let (seconds, attoseconds) = deliveryTimeout.components
        let configuration = ProducerConfiguration(
            client: client, idempotent: true,
            deliveryTimeoutMilliseconds: Int(seconds) * 1_000 + Int(attoseconds / 1_000_000_000_000_000))
        do {
            producer = try KafkaProducer(configuration: configuration, logger: logger)
        } catch {
            admin.close()
            throw error
        }
        self.admin = admin
        self.topics = topics
        self.deliveryTimeout = deliveryTimeout
        self.logger = logger
    }

    /// Creates whichever of the adapter's topics are missing; once that has worked, does nothing.
    public func ensureTopics() async throws(PublishError) {
        if topicsReady.withLock({ $0 }) { return }
        do {
            let report = try await admin.ensureTopics(topics, timeout: deliveryTimeout)
            topicsReady.withLock { $0 = true }
            if !report.created.isEmpty { logger.notice("topics created", metadata: ["topics": "\(report.created)"]) }
        } catch {
            throw PublishError(reason: "the adapter's topics could not be checked or created", kafka: error)
        }
    }

    /// Produces `messages` and waits until each is acknowledged; throws if any is not.
    public func publish(_ messages: [ProducerMessage]) async throws(PublishError) {
        try await ensureTopics()
        guard !messages.isEmpty else { return }
        let acknowledgements = Acknowledgements(expecting: messages.count)
        for (index, message) in messages.enumerated() {
            do {
                try await producer.enqueue(message) { acknowledgements.record($0) }
            } catch {
                let failure = error as? KafkaError ?? KafkaError(category: .client, message: "producing was interrupted")
                acknowledgements.abandon(messages.count - index, because: failure)
                break
            }
        }
        if let error = await acknowledgements.wait() {
            throw PublishError(reason: "the broker did not acknowledge every record", kafka: error)
        }
    }

    /// Flushes what is still in flight (at most ``deliveryTimeout``) and releases the clients.
    public func close() async {
        await producer.close(timeout: deliveryTimeout)
        admin.close()
    }
}

/// The broker did not take an adapter's records: keep the input and try again later.
public struct PublishError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var kafka: KafkaError

    public var description: String { "\(reason): \(kafka)" }
}
