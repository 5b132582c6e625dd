import Kafka
import Testing

@Suite("Transactions against the embedded broker")
struct TransactionTests {
    @Test("aborted transactional records are invisible to read_committed; committed ones appear exactly once")
    func abortedInvisibleCommittedOnce() async throws {
        let topic = uniqueTopic()
        try await createTopic(topic, partitions: 2)
        let producer = try TransactionalProducer(
            configuration: TransactionalProducerConfiguration(
                producer: ProducerConfiguration(client: try await TestBroker.client()), transactionalID: "tx-\(topic)"),
            logger: testLogger)
        try await producer.initTransactions()

        try producer.beginTransaction()
        for index in 0..<10 { _ = try await producer.send(ProducerMessage(topic: topic, key: "k\(index)", value: "aborted-\(index)")) }
        try await producer.abortTransaction()

        try producer.beginTransaction()
        for index in 0..<10 { try await producer.enqueue(ProducerMessage(topic: topic, key: "k\(index)", value: "committed-\(index)")) }
        try await producer.commitTransaction()
        await producer.close()

        let committedReader = try await makeConsumer(group: "rc-\(topic)", isolation: .readCommitted)
        try committedReader.subscribe(topics: [topic])
        let visible = await drain(committedReader, quietPeriod: .seconds(4))
        await committedReader.close()
        #expect(visible.count == 10)
        #expect(Set(visible.compactMap(\.valueString)) == Set((0..<10).map { "committed-\($0)" }))

        // The aborted records are really in the log: an uncommitted reader sees them.
        let uncommittedReader = try await makeConsumer(group: "ru-\(topic)", isolation: .readUncommitted)
        try uncommittedReader.subscribe(topics: [topic])
        let everything = await drain(uncommittedReader, quietPeriod: .seconds(4))
        await uncommittedReader.close()
        #expect(everything.filter { $0.valueString?.hasPrefix("aborted-") == true }.count == 10)
    }

    @Test("offsets sent inside a transaction are committed with it, and not when it aborts")
    func offsetsFollowTheTransaction() async throws {
        let input = uniqueTopic("input"), output = uniqueTopic("output")
        try await createTopic(input, partitions: 1)
        try await createTopic(output, partitions: 1)
        try await produceNumbered(10, to: input)
        let group = "g-\(input)"
        let consumer = try await makeConsumer(group: group)
        try consumer.subscribe(topics: [input])
        let read = await collect(10, from: consumer)
        #expect(read.count == 10)
        let producer = try TransactionalProducer(
            configuration: TransactionalProducerConfiguration(
                producer: ProducerConfiguration(client: try await TestBroker.client()), transactionalID: "tx-\(input)"),
            logger: testLogger)
        try await producer.initTransactions()
        let partition = TopicPartition(topic: input, partition: 0)

        try producer.beginTransaction()
        try await producer.sendOffsets([TopicPartitionOffset(partition, offset: 10)], groupMetadata: try consumer.groupMetadata())
        try await producer.abortTransaction()
        let afterAbort = try await consumer.committed([partition])
        #expect(afterAbort[partition] == .some(nil), "an aborted transaction commits no offset")

        try producer.beginTransaction()
        try await producer.enqueue(ProducerMessage(topic: output, key: "k", value: "v"))
        try await producer.sendOffsets([TopicPartitionOffset(partition, offset: 5)], groupMetadata: try consumer.groupMetadata())
        try await producer.commitTransaction()
        let afterCommit = try await consumer.committed([partition])
        #expect(afterCommit[partition] == .some(5))
        await producer.close()
        await consumer.close()
    }
}
