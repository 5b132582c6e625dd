import CRdKafka
import Logging

/// A transactional producer: records and consumer offsets commit or abort together.
///
/// Errors thrown by the transaction calls have category ``KafkaError/Category/transactionAbortable``
/// (call ``abortTransaction(timeout:)`` and retry the work), ``KafkaError/Category/fatal`` (close
/// this producer; another instance has taken over) or are retriable.
public final class TransactionalProducer: Sendable {
    let core: ProducerCore
    public let transactionalID: String

    public init(configuration: TransactionalProducerConfiguration, logger: Logger) throws(KafkaError) {
        transactionalID = configuration.transactionalID
        core = try ProducerCore(
            properties: configuration.properties, maxInFlight: configuration.producer.maxInFlightMessages, logger: logger)
    }

    /// Registers the transactional id with the coordinator, fencing any older instance and
    /// aborting whatever transaction it left open. Call once before the first transaction.
    public func initTransactions(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await transactionCall("initialising transactions") { rk in rd_kafka_init_transactions(rk, timeout.milliseconds) }
    }

    public func beginTransaction() throws(KafkaError) {
        if let error = rd_kafka_begin_transaction(core.client.pointer) {
            throw KafkaError(consuming: error, context: "beginning a transaction")
        }
    }

    /// Sends a record within the current transaction and returns its delivery report.
    public func send(_ message: ProducerMessage) async throws -> DeliveryReport {
        try await core.send(message)
    }

    /// Queues a record within the current transaction. ``commitTransaction(timeout:)`` waits for
    /// every queued record, so callers need not wait for each report.
    public func enqueue(_ message: ProducerMessage, onDelivery: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void = { _ in }) async throws {
        try await core.enqueue(message, onDelivery: onDelivery)
    }

    /// Queues a record within the current transaction, counting its report in `tally`.
    public func enqueue(_ message: ProducerMessage, tally: DeliveryTally) async throws {
        try await core.enqueue(message, handler: tally)
    }

    /// Queues many records, counting their reports in `tally`: one call, one look-up per topic and
    /// one bulk reservation of in-flight slots, waiting for room when the window is full.
    public func enqueue(contentsOf messages: [ProducerMessage], tally: DeliveryTally) async throws {
        try await core.enqueue(contentsOf: messages, handler: tally)
    }

    /// Adds consumed positions (the offsets of the *next* records to read) to the transaction.
    public func sendOffsets(
        _ positions: [TopicPartitionOffset], groupMetadata: ConsumerGroupMetadata, timeout: Duration = .seconds(30)
    ) async throws(KafkaError) {
        guard !positions.isEmpty else { return }
        try await transactionCall("sending offsets to the transaction") { rk in
            TopicPartitionList.with(positions) { list in
                rd_kafka_send_offsets_to_transaction(rk, list, groupMetadata.pointer, timeout.milliseconds)
            }
        }
    }

    /// Flushes the transaction's records and commits them with its offsets.
    public func commitTransaction(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await transactionCall("committing a transaction") { rk in rd_kafka_commit_transaction(rk, timeout.milliseconds) }
    }

    /// Discards the transaction's records and offsets.
    public func abortTransaction(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await transactionCall("aborting a transaction") { rk in rd_kafka_abort_transaction(rk, timeout.milliseconds) }
    }

    public func close(timeout: Duration = .seconds(30)) async {
        await core.close(timeout: timeout)
    }

    private func transactionCall(
        _ what: String, _ call: @escaping @Sendable (OpaquePointer) -> OpaquePointer?
    ) async throws(KafkaError) {
        let client = core.client
        try await client.blocking.run { () throws(KafkaError) in
            if let error = call(client.pointer) { throw KafkaError(consuming: error, context: what) }
        }
    }
}

extension Duration {
    /// Whole milliseconds, clamped to what librdkafka's `int` timeouts hold.
    var milliseconds: Int32 {
        let (whole, overflow) = components.seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return components.seconds > 0 ? .max : .min }
        return Int32(clamping: whole.addingReportingOverflow(components.attoseconds / 1_000_000_000_000_000).partialValue)
    }
}
