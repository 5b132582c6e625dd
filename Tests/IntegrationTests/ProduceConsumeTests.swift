import CRdKafka
import Foundation
import Kafka
import Testing

@Suite("Producing and consuming against the embedded broker")
struct ProduceConsumeTests {
    @Test("keys, values and headers round-trip across three partitions")
    func keysAndHeadersRoundTrip() async throws {
        let topic = uniqueTopic()
        try await createTopic(topic, partitions: 3)
        let producer = try await makeProducer()
        var sent: [ProducerMessage] = []
        var reports: [DeliveryReport] = []
        // Recent explicit timestamps: records older than the topic's retention may be deleted at once.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for index in 0..<30 {
            let message = ProducerMessage(
                topic: topic, key: Array("child-\(index)".utf8), value: Array("payload-\(index)".utf8),
                headers: [
                    KafkaHeader(name: "eyh.source", string: "hv-\(index % 4)"),
                    KafkaHeader(name: "eyh.empty", value: []),
                    KafkaHeader(name: "eyh.null", value: nil),
                    KafkaHeader(name: "eyh.source", string: "repeated"),
                ],
                timestampMilliseconds: now - 60_000 + Int64(index))
            sent.append(message)
            reports.append(try await producer.send(message))
        }
        await producer.close()
        #expect(Set(reports.map(\.partition)) == [0, 1, 2], "30 distinct keys should reach all three partitions")

        let consumer = try await makeConsumer(group: "g-\(topic)")
        try consumer.subscribe(topics: [topic])
        let received = await collect(30, from: consumer)
        await consumer.close()

        #expect(received.count == 30)
        for (message, report) in zip(sent, reports) {
            let got = try #require(received.first { $0.key == message.key })
            #expect(got.value == message.value)
            #expect(got.headers == message.headers)
            #expect(got.headers.string(named: "eyh.source") == "repeated")
            #expect(got.partition == report.partition)
            #expect(got.offset == report.offset)
            #expect(got.timestampMilliseconds == message.timestampMilliseconds)
        }
    }

    @Test("a batch enqueued with a tally is delivered in full and reads back in order per partition")
    func batchWithTally() async throws {
        let topic = uniqueTopic()
        try await createTopic(topic, partitions: 3)
        let producer = try KafkaProducer(
            configuration: ProducerConfiguration(client: try await TestBroker.client(), maxInFlightMessages: 64),
            logger: testLogger)
        let batch = (0..<500).map { ProducerMessage(topic: topic, key: "k\($0 % 7)", value: "v\($0)") }
        let tally = DeliveryTally()
        try await producer.enqueue(contentsOf: batch, tally: tally)  // 500 records through a window of 64
        try await producer.flush()
        await producer.close()
        #expect(tally.delivered == 500)
        #expect(tally.failed == 0)

        let consumer = try await makeConsumer(group: "g-\(topic)")
        try consumer.subscribe(topics: [topic])
        let received = await collect(500, from: consumer)
        await consumer.close()
        #expect(received.count == 500)
        for key in 0..<7 {
            let values = received.filter { $0.keyString == "k\(key)" }.sorted { $0.offset < $1.offset }.compactMap(\.valueString)
            #expect(values == stride(from: key, to: 500, by: 7).map { "v\($0)" }, "one key's records keep their order")
        }
    }

    @Test("a record with the same key always lands in the same partition")
    func sameKeySamePartition() async throws {
        let topic = uniqueTopic()
        try await createTopic(topic, partitions: 3)
        let producer = try await makeProducer()
        var partitions: Set<Int32> = []
        for index in 0..<10 {
            partitions.insert(try await producer.send(ProducerMessage(topic: topic, key: "one-child", value: "v\(index)")).partition)
        }
        await producer.close()
        #expect(partitions.count == 1)
    }

    @Test("a consumer group that commits, stops and restarts resumes right after its last commit")
    func groupResumesAfterLastCommit() async throws {
        let topic = uniqueTopic()
        try await createTopic(topic, partitions: 3)
        try await produceNumbered(60, to: topic)
        let group = "g-\(topic)"

        let first = try await makeConsumer(group: group)
        try first.subscribe(topics: [topic])
        let firstRead = await collect(60, from: first)
        #expect(firstRead.count == 60)
        // Commit only what was processed: the first 10 records of each partition.
        var committed: [TopicPartitionOffset] = []
        var processed: Set<String> = []
        for partition in Set(firstRead.map(\.partition)) {
            let records = firstRead.filter { $0.partition == partition }.sorted { $0.offset < $1.offset }
            let done = records.prefix(10)
            done.forEach { processed.insert($0.keyString!) }
            committed.append(done.last!.nextPosition)
        }
        try await first.commit(committed)
        await first.close()

        let second = try await makeConsumer(group: group)
        try second.subscribe(topics: [topic])
        let secondRead = await collect(60 - processed.count, from: second)
        let extra = await drain(second, quietPeriod: .seconds(2))
        await second.close()

        let resumedKeys = Set(secondRead.map { $0.keyString! })
        #expect(secondRead.count == 60 - processed.count)
        #expect(extra.isEmpty, "nothing beyond the uncommitted records should arrive")
        #expect(resumedKeys.isDisjoint(with: processed), "committed records must not be read again")
        #expect(resumedKeys.union(processed).count == 60, "every uncommitted record must be read again")
        for position in committed {
            let firstOffset = secondRead.filter { $0.topicPartition == position.topicPartition }.map(\.offset).min()
            #expect(firstOffset == position.offset, "partition \(position.topicPartition) resumes at its committed offset")
        }
    }

    @Test("two consumers in one group split the partitions; when one leaves the other takes over with nothing lost")
    func groupRebalanceTakesOver() async throws {
        let topic = uniqueTopic()
        try await createTopic(topic, partitions: 4)
        let group = "g-\(topic)"
        let a = GroupMember(consumer: try await makeConsumer(group: group))
        let b = GroupMember(consumer: try await makeConsumer(group: group))
        try a.consumer.subscribe(topics: [topic])
        try b.consumer.subscribe(topics: [topic])

        // Wait until each holds part of the topic.
        let split = await eventually(timeout: .seconds(40)) {
            try? await a.poll()
            try? await b.poll()
            let (ownedByA, ownedByB) = ((try? a.consumer.assignment()) ?? [], (try? b.consumer.assignment()) ?? [])
            return !ownedByA.isEmpty && !ownedByB.isEmpty && Set(ownedByA).isDisjoint(with: ownedByB)
                && ownedByA.count + ownedByB.count == 4
        }
        #expect(split, "the group should give each consumer some of the four partitions")

        try await produceNumbered(200, to: topic, prefix: "first-")
        _ = try await eventually(timeout: .seconds(20)) {
            try await a.poll()
            try await b.poll()
            return a.received.count + b.received.count >= 200
        }
        #expect(!a.received.isEmpty && !b.received.isEmpty, "both members should receive records")
        #expect(Set(a.received.map(\.partition)).isDisjoint(with: Set(b.received.map(\.partition))))

        // B commits what it processed and leaves; A must take over B's partitions and read
        // everything produced since, exactly once.
        try await b.commitProcessed()
        await b.consumer.close()
        try await produceNumbered(200, to: topic, prefix: "second-")
        _ = try await eventually(timeout: .seconds(40)) {
            try await a.poll()
            return a.received.count >= 400 - b.received.count
        }
        try await a.poll(quietPeriod: .seconds(2))
        await a.consumer.close()

        let keys = (a.received + b.received).compactMap(\.keyString)
        #expect(Set(keys) == Set((0..<200).map { "first-key-\($0)" } + (0..<200).map { "second-key-\($0)" }), "nothing lost")
        // A record is read again only if the commit covering it was refused during a rebalance
        // (at-least-once): every repeat must be one of those.
        let repeated = Set(Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys)
        #expect(repeated.isSubset(of: a.uncommittedWhenRefused.union(b.uncommittedWhenRefused)), "repeats: \(repeated.count)")
        let secondByA = a.received.filter { $0.keyString?.hasPrefix("second-") == true }
        #expect(Set(secondByA.map(\.partition)) == [0, 1, 2, 3], "A should now own all four partitions")
        #expect(a.revocations >= 1, "A sees its partitions revoked during the hand-over")
    }

    @Test("seek moves the read position, and pause stops fetching until resumed")
    func seekAndPause() async throws {
        let topic = uniqueTopic()
        try await createTopic(topic, partitions: 1)
        try await produceNumbered(20, to: topic)
        let consumer = try await makeConsumer(group: "g-\(topic)")
        try consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: 0)])
        let firstPass = await collect(20, from: consumer)
        #expect(firstPass.map(\.offset) == Array(0..<20))

        try await consumer.seek([TopicPartitionOffset(topic: topic, partition: 0, offset: 15)])
        let afterSeek = await collect(5, from: consumer)
        #expect(afterSeek.map(\.offset) == Array(15..<20))

        let partition = TopicPartition(topic: topic, partition: 0)
        try consumer.pause([partition])
        try await produceNumbered(5, to: topic, prefix: "later-")
        let whilePaused = await drain(consumer, quietPeriod: .seconds(2))
        #expect(whilePaused.isEmpty, "a paused partition delivers nothing new")
        try consumer.resume([partition])
        let afterResume = await collect(5, from: consumer)
        #expect(afterResume.compactMap(\.keyString) == (0..<5).map { "later-key-\($0)" })
        await consumer.close()
    }

}

/// A group member that processes records and, as a well-behaved stage does, commits what it
/// processed before a revocation completes.
final class GroupMember {
    let consumer: KafkaConsumer
    private(set) var received: [KafkaMessage] = []
    private(set) var revocations = 0
    /// Keys whose commit the group refused (for example, ILLEGAL_GENERATION mid-rebalance).
    private(set) var uncommittedWhenRefused: Set<String> = []
    private var processed: [TopicPartition: Int64] = [:]
    private var sinceCommit: Set<String> = []

    init(consumer: KafkaConsumer) {
        self.consumer = consumer
    }

    func poll(quietPeriod: Duration = .milliseconds(100)) async throws {
        while let batch = await consumer.nextBatch(max: 500, waitAtMost: quietPeriod), !batch.isEmpty {
            for event in batch {
                switch event {
                case .message(let message):
                    received.append(message)
                    processed[message.topicPartition] = message.offset + 1
                    sinceCommit.insert(message.keyString ?? "")
                case .partitionsRevoked:
                    revocations += 1
                    do {
                        try await commitProcessed()
                    } catch let error as KafkaError where error.hasCode(RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION)
                        || error.hasCode(RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS) || error.hasCode(RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID) {
                        uncommittedWhenRefused.formUnion(sinceCommit)
                        sinceCommit.removeAll()
                        processed.removeAll()
                    }
                case .partitionsAssigned, .partitionEnd:
                    break
                }
            }
        }
    }

    func commitProcessed() async throws {
        guard !processed.isEmpty else { return }
        try await consumer.commit(processed.map { TopicPartitionOffset($0.key, offset: $0.value) })
        processed.removeAll()
        sinceCommit.removeAll()
    }
}
