import CRdKafka
import Foundation
import Logging
import Synchronization

/// A Kafka consumer in a consumer group, with explicit commits.
///
/// Read it as an `AsyncSequence` of ``ConsumerEvent``s (``events``), of messages only
/// (``messages``), or in batches with a time limit (``nextBatch(max:waitAtMost:)``), which is what
/// the stage runner uses. Records are fetched on a dedicated thread into a bounded buffer of
/// ``ConsumerConfiguration/maxBufferedMessages``; when the application falls behind, fetching stops.
public final class KafkaConsumer: Sendable {
    private let client: RDKafkaClient
    private let buffer: ConsumerBuffer
    private let commands: CommandQueue
    private let poller: PollThread
    private let logger: Logger
    private let closed = Mutex(false)

    public init(configuration: ConsumerConfiguration, logger: Logger) throws(KafkaError) {
        let buffer = ConsumerBuffer(capacity: configuration.maxBufferedMessages)
        let listener = Rebalancer(buffer: buffer, logger: logger)
        let client = try RDKafkaClient(
            kind: .consumer, properties: configuration.properties,
            context: ClientContext(logger: logger, rebalanceListener: listener))
        _ = rd_kafka_poll_set_consumer(client.pointer)
        let commands = CommandQueue()
        self.client = client
        self.buffer = buffer
        self.commands = commands
        self.logger = logger
        self.poller = PollThread(name: "eyhub.kafka.consumer-poll") { isRunning in
            FetchLoop(client: client, buffer: buffer, commands: commands, logger: logger).run(while: isRunning)
        }
    }

    /// Joins the group and subscribes to these topics; partitions arrive as ``ConsumerEvent/partitionsAssigned(_:)``.
    public func subscribe(topics: [String]) throws(KafkaError) {
        let list = TopicPartitionList.make(topics.map { TopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_subscribe(client.pointer, list)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "subscribing to \(topics.joined(separator: ", "))") }
    }

    /// Reads exactly these partitions from these positions, without group rebalancing.
    public func assign(_ positions: [TopicPartitionOffset]) throws(KafkaError) {
        let err = TopicPartitionList.with(positions) { rd_kafka_assign(client.pointer, $0) }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "assigning partitions") }
    }

    /// The partitions currently assigned to this consumer.
    public func assignment() throws(KafkaError) -> [TopicPartition] {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let err = rd_kafka_assignment(client.pointer, &list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { throw KafkaError(err, context: "reading the assignment") }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return TopicPartitionList.positions(list).map(\.topicPartition)
    }

    /// Up to `max` events, waiting at most `waitAtMost` for the first (forever when `nil`).
    /// Returns `[]` when the time passed with nothing to deliver, and `nil` once intake has stopped.
    public func nextBatch(max: Int = 500, waitAtMost: Duration? = nil) async -> [ConsumerEvent]? {
        await buffer.take(max: max, waitAtMost: waitAtMost)
    }

    /// Every event, in order, until intake stops.
    public var events: ConsumerEvents { ConsumerEvents(consumer: self) }

    /// Messages only (assignment changes are skipped), until intake stops.
    public var messages: ConsumerMessages { ConsumerMessages(events: events) }

    /// Commits positions (offsets of the next records to read) and waits for the broker's answer.
    public func commit(_ positions: [TopicPartitionOffset]) async throws(KafkaError) {
        let client = self.client
        try await client.blocking.run { () throws(KafkaError) in
            try TopicPartitionList.with(positions) { list throws(KafkaError) in
                let err = rd_kafka_commit(client.pointer, list, 0)
                if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "committing offsets") }
                if let error = TopicPartitionList.firstError(list, context: "committing offsets for") { throw error }
            }
        }
    }

    /// Commits the position after `message` and waits for the answer.
    public func commit(_ message: KafkaMessage) async throws(KafkaError) {
        try await commit([message.nextPosition])
    }

    /// Starts a commit and returns at once; a failure is logged, and a later commit supersedes it.
    public func commitAsync(_ positions: [TopicPartitionOffset]) throws(KafkaError) {
        let err = TopicPartitionList.with(positions) { rd_kafka_commit(client.pointer, $0, 1) }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "committing offsets") }
    }

    /// The group's committed positions for these partitions (`nil` offset where none is committed).
    public func committed(_ partitions: [TopicPartition], timeout: Duration = .seconds(10)) async throws(KafkaError) -> [TopicPartition: Int64?] {
        let client = self.client
        return try await client.blocking.run { () throws(KafkaError) in
            let list = TopicPartitionList.make(partitions)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let err = rd_kafka_committed(client.pointer, list, timeout.milliseconds)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "reading committed offsets") }
            var result: [TopicPartition: Int64?] = [:]
            for position in TopicPartitionList.positions(list) {
                result[position.topicPartition] = position.offset >= 0 ? position.offset : nil
            }
            return result
        }
    }

    /// Stops fetching these partitions (already buffered records are still delivered).
    public func pause(_ partitions: [TopicPartition]) throws(KafkaError) {
        try pauseOrResume(partitions, pause: true)
    }

    public func resume(_ partitions: [TopicPartition]) throws(KafkaError) {
        try pauseOrResume(partitions, pause: false)
    }

    private func pauseOrResume(_ partitions: [TopicPartition], pause: Bool) throws(KafkaError) {
        let list = TopicPartitionList.make(partitions)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = pause ? rd_kafka_pause_partitions(client.pointer, list) : rd_kafka_resume_partitions(client.pointer, list)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: pause ? "pausing" : "resuming") }
        if let error = TopicPartitionList.firstError(list, context: pause ? "pausing" : "resuming") { throw error }
    }

    /// Moves the read position of assigned partitions. Records of these partitions that were
    /// fetched but not yet delivered are discarded, so the next record delivered for each is the
    /// one at its new position.
    public func seek(_ positions: [TopicPartitionOffset]) async throws(KafkaError) {
        let result: KafkaError? = await withCheckedContinuation { continuation in
            commands.submit(.seek(positions) { continuation.resume(returning: $0) })
        }
        if let result { throw result }
    }

    /// The group metadata to pass to ``TransactionalProducer/sendOffsets(_:groupMetadata:timeout:)``.
    public func groupMetadata() throws(KafkaError) -> ConsumerGroupMetadata {
        guard let pointer = rd_kafka_consumer_group_metadata(client.pointer) else {
            throw KafkaError(category: .client, message: "this consumer has no group metadata (is group.id set?)")
        }
        return ConsumerGroupMetadata(pointer: pointer)
    }

    /// Ends the event sequences: a waiting `next()` returns `nil`. Call before finishing work on shutdown.
    public func stopIntake() {
        buffer.stopIntake()
    }

    /// Leaves the group (revoking partitions without waiting for the application) and releases the client.
    public func close() async {
        guard beginClose() else { return }
        let (client, logger) = (self.client, self.logger)
        await withCheckedContinuation { continuation in
            client.blocking.queue.async {
                Self.leave(client, logger: logger)
                continuation.resume()
            }
        }
    }

    /// A consumer dropped without `close()` still leaves its group and frees its handle.
    deinit {
        if beginClose() { Self.leave(client, logger: logger) }
    }

    private func beginClose() -> Bool {
        guard closed.withLock({ wasClosed in defer { wasClosed = true }; return !wasClosed }) else { return false }
        buffer.beginClosing()
        poller.stop()
        return true
    }

    private static func leave(_ client: RDKafkaClient, logger: Logger) {
        let err = rd_kafka_consumer_close(client.pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning("consumer did not leave its group cleanly", metadata: ["kafka.error": "\(KafkaError(err))"])
        }
        client.destroy()
    }
}
