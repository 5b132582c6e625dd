import Logging

/// An idempotent Kafka producer.
///
/// ```swift
/// let producer = try KafkaProducer(configuration: .init(client: client), logger: logger)
/// let report = try await producer.send(ProducerMessage(topic: "eyh.events.v1", key: "k", value: "v"))
/// ```
///
/// ``send(_:)`` waits for the broker's acknowledgement; ``enqueue(_:onDelivery:)`` returns as soon
/// as the record is queued, for pipelines that keep many records in flight. Both wait for room
/// when ``ProducerConfiguration/maxInFlightMessages`` are unacknowledged.
public final class KafkaProducer: Sendable {
    let core: ProducerCore

    public init(configuration: ProducerConfiguration, logger: Logger) throws(KafkaError) {
        core = try ProducerCore(properties: configuration.properties, maxInFlight: configuration.maxInFlightMessages, logger: logger)
    }

    /// Sends one record and returns where it was stored, or throws the delivery error.
    public func send(_ message: ProducerMessage) async throws -> DeliveryReport {
        try await core.send(message)
    }

    /// Queues one record and returns; `onDelivery` is called once, from the poll thread, with its
    /// report or error. Keep `onDelivery` short: it runs on the thread that serves all reports.
    public func enqueue(_ message: ProducerMessage, onDelivery: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void) async throws {
        try await core.enqueue(message, onDelivery: onDelivery)
    }

    /// Queues one record and returns; its delivery report is counted in `tally`. The cheapest way
    /// to send many records: no callback or allocation per record.
    public func enqueue(_ message: ProducerMessage, tally: DeliveryTally) async throws {
        try await core.enqueue(message, handler: tally)
    }

    /// Queues many records, counting their reports in `tally`: one call, one look-up per topic and
    /// one bulk reservation of in-flight slots, waiting for room when the window is full.
    public func enqueue(contentsOf messages: [ProducerMessage], tally: DeliveryTally) async throws {
        try await core.enqueue(contentsOf: messages, handler: tally)
    }

    /// Records handed over but not yet acknowledged.
    public var inFlightCount: Int { core.window.inFlight }

    /// Waits until every queued record is acknowledged or has failed.
    public func flush(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await core.flush(timeout: timeout)
    }

    /// Flushes (up to `timeout`), then releases the client. Records still undelivered fail with a purge error.
    public func close(timeout: Duration = .seconds(30)) async {
        await core.close(timeout: timeout)
    }
}
