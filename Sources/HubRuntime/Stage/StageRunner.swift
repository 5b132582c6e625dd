import Kafka
import Logging
import ServiceLifecycle
import Synchronization

/// The one consume → transform → produce → commit loop that every stage runs.
///
/// Each batch of input records is transformed and its outputs produced inside one Kafka
/// transaction together with the consumed offsets, so outputs appear (to `read_committed`
/// readers) exactly once, also across a crash. A record the transformation rejects goes to the
/// stage's dead-letter topic in the same transaction; the stream carries on.
///
/// - On an abortable transaction error the runner aborts and starts a new session (new consumer
///   and producer), which resumes from the last committed offsets.
/// - On a fatal error (for example, another instance with the same transactional id fenced this
///   one) `run()` throws.
/// - On graceful shutdown (SIGTERM/SIGINT through swift-service-lifecycle) it stops intake,
///   commits the open transaction, leaves the group and returns.
/// - When partitions are revoked it commits the open transaction before they are handed over.
public final class StageRunner: Service {
    public let configuration: StageConfiguration
    private let transformation: any StageTransformation
    private let logger: Logger
    private let statistics = Mutex(StageStatistics())

    public init(configuration: StageConfiguration, transformation: any StageTransformation, logger: Logger) {
        self.configuration = configuration
        self.transformation = transformation
        var logger = logger
        logger[metadataKey: "stage"] = "\(configuration.name)"
        self.logger = logger
    }

    /// A snapshot of what the runner has done so far.
    public var currentStatistics: StageStatistics { statistics.withLock { $0 } }

    public func run() async throws {
        var backoff = Duration.milliseconds(200)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            statistics.withLock { $0.sessionsStarted += 1 }
            do {
                try await runSession()
                return
            } catch let error as KafkaError where error.category != .fatal && error.category != .configuration {
                logger.warning("stage session ended; restarting from committed offsets", metadata: ["kafka.error": "\(error)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(10))
            }
        }
    }

    private func runSession() async throws {
        let producer = try TransactionalProducer(
            configuration: TransactionalProducerConfiguration(
                producer: ProducerConfiguration(client: configuration.client, maxInFlightMessages: configuration.maxInFlightMessages),
                transactionalID: configuration.transactionalID),
            logger: logger)
        let consumer: KafkaConsumer
        do {
            try await producer.initTransactions()
            consumer = try KafkaConsumer(
                configuration: ConsumerConfiguration(
                    client: configuration.client, groupID: configuration.groupID, groupInstanceID: configuration.groupInstanceID,
                    isolationLevel: .readCommitted),
                logger: logger)
        } catch {
            await producer.close(timeout: .seconds(5))
            throw error
        }
        var session = Session(runner: self, consumer: consumer, producer: producer)
        do {
            try consumer.subscribe(topics: configuration.inputTopics)
            logger.info("stage started", metadata: ["inputs": "\(configuration.inputTopics)", "group": "\(configuration.groupID)"])
            try await withGracefulShutdownHandler {
                try await session.consume()
            } onGracefulShutdown: {
                consumer.stopIntake()
            }
        } catch {
            await session.abandon()
            await consumer.close()
            await producer.close(timeout: .seconds(5))
            throw error
        }
        await consumer.close()
        await producer.close()
        logger.info("stage stopped", metadata: ["statistics": "\(currentStatistics)"])
    }

    /// One consumer and producer pair, and the transaction open between them.
    private struct Session {
        let runner: StageRunner
        let consumer: KafkaConsumer
        let producer: TransactionalProducer
        var open: OpenTransaction?

        struct OpenTransaction {
            var positions: [TopicPartition: Int64] = [:]
            var records = 0
            var produced = 0
            var deadLettered = 0
            let deadline: ContinuousClock.Instant
            /// Counts the delivery reports of everything produced in this transaction.
            let deliveries = DeliveryTally()
        }

        init(runner: StageRunner, consumer: KafkaConsumer, producer: TransactionalProducer) {
            self.runner = runner
            self.consumer = consumer
            self.producer = producer
        }

        private var configuration: StageConfiguration { runner.configuration }

        mutating func consume() async throws {
            var lastInput = ContinuousClock.now
            while true {
                let room = configuration.maxTransactionRecords - (open?.records ?? 0)
                let wait = open.map { max(.zero, $0.deadline - .now) } ?? configuration.stopWhenIdle
                guard let events = await consumer.nextBatch(max: room, waitAtMost: wait) else {
                    try await commit()
                    return
                }
                if events.isEmpty, open == nil, let idle = configuration.stopWhenIdle, ContinuousClock.now - lastInput >= idle {
                    runner.logger.info("stage idle; stopping", metadata: ["idle": "\(idle)"])
                    return
                }
                for event in events {
                    switch event {
                    case .message(let message):
                        try await process(message)
                    case .partitionsRevoked(let partitions):
                        try await commit()
                        await runner.transformation.partitionsRevoked(partitions)
                    case .partitionsAssigned(let partitions):
                        try await runner.transformation.partitionsAssigned(partitions)
                    case .partitionEnd:
                        break
                    }
                }
                if !events.isEmpty { lastInput = .now }
                if let open, open.records >= configuration.maxTransactionRecords || ContinuousClock.now >= open.deadline {
                    try await commit()
                }
            }
        }

        private mutating func process(_ message: KafkaMessage) async throws {
            if open == nil {
                try producer.beginTransaction()
                open = OpenTransaction(deadline: .now + configuration.maxTransactionDelay)
            }
            let outputs: [ProducerMessage]
            do {
                outputs = try runner.transformation.transform(message)
                open!.produced += outputs.count
            } catch {
                runner.logger.warning("record dead-lettered", metadata: [
                    "origin": "\(message.origin)",
                    "rule": "\((error as? any StageFailure)?.rule ?? "stage.unexpected-error")",
                ])
                outputs = [.deadLetter(for: message, failure: error, stage: configuration.name, topic: configuration.deadLetterTopic)]
                open!.deadLettered += 1
            }
            // A delivery failure makes librdkafka refuse to commit the transaction, so it surfaces there.
            try await producer.enqueue(contentsOf: outputs, tally: open!.deliveries)
            open!.positions[message.topicPartition] = message.offset + 1
            open!.records += 1
        }

        /// Sends the consumed offsets and commits; on failure, aborts and rethrows so that the
        /// runner starts a fresh session from the committed offsets.
        mutating func commit() async throws {
            guard let transaction = open else { return }
            open = nil
            do {
                let positions = transaction.positions.map { TopicPartitionOffset($0.key, offset: $0.value) }
                try await producer.sendOffsets(positions, groupMetadata: try consumer.groupMetadata())
                try await commitRetrying()
            } catch {
                if let failure = transaction.deliveries.firstError {
                    runner.logger.warning("a record of the transaction was not delivered", metadata: ["kafka.error": "\(failure)"])
                }
                // Abort whatever the broker still holds open (a fatal error leaves nothing to abort);
                // the runner then resumes from the last committed offsets.
                if error.category != .fatal {
                    try? await producer.abortTransaction(timeout: .seconds(10))
                    runner.statistics.withLock { $0.transactionsAborted += 1 }
                }
                throw error
            }
            runner.statistics.withLock {
                $0.recordsIn += transaction.records
                $0.recordsOut += transaction.produced
                $0.deadLettered += transaction.deadLettered
                $0.transactionsCommitted += 1
            }
        }

        private func commitRetrying() async throws(KafkaError) {
            var attempt = 0
            while true {
                do {
                    return try await producer.commitTransaction()
                } catch where error.isRetriable && error.category != .transactionAbortable && attempt < 5 {
                    attempt += 1
                    runner.logger.notice("transaction commit will be retried", metadata: ["kafka.error": "\(error)"])
                }
            }
        }

        /// Aborts whatever is open after a failure, best effort.
        mutating func abandon() async {
            guard open != nil else { return }
            open = nil
            try? await producer.abortTransaction(timeout: .seconds(5))
            runner.statistics.withLock { $0.transactionsAborted += 1 }
        }
    }
}
