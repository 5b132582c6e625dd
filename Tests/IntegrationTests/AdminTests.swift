import Kafka
import Testing

@Suite("Admin against the embedded broker")
struct AdminTests {
    @Test("a compacted topic is created and its configuration reads back")
    func compactedTopicConfigReadsBack() async throws {
        let admin = try KafkaAdmin(configuration: try await TestBroker.client(), logger: testLogger)
        defer { admin.close() }
        let topic = uniqueTopic()
        let outcome = try await admin.createTopics([
            TopicSpecification(name: topic, partitions: 3, config: ["cleanup.policy": "compact", "retention.ms": "86400000"])
        ])
        #expect(outcome.count == 1)
        #expect(outcome[topic] == .some(nil))
        let config = try await admin.topicConfiguration(topic)
        #expect(config["cleanup.policy"] == "compact")
        #expect(config["retention.ms"] == "86400000")
        let metadata = try await admin.metadata()
        #expect(metadata.topic(named: topic)?.partitions.count == 3)
    }

    @Test("ensuring topics creates only the missing ones and is safe to repeat")
    func ensureTopicsIsIdempotent() async throws {
        let admin = try KafkaAdmin(configuration: try await TestBroker.client(), logger: testLogger)
        defer { admin.close() }
        let first = uniqueTopic("first"), second = uniqueTopic("second")
        let firstRun = try await admin.ensureTopics([TopicSpecification(name: first, partitions: 2)])
        #expect(firstRun.created == [first])
        let secondRun = try await admin.ensureTopics([
            TopicSpecification(name: first, partitions: 2), TopicSpecification(name: second, partitions: 1),
        ])
        #expect(secondRun.created == [second])
        #expect(secondRun.alreadyPresent == [first])
    }

    @Test("watermarks move by the records produced to each partition")
    func watermarks() async throws {
        let client = try await TestBroker.client()
        let admin = try KafkaAdmin(configuration: client, logger: testLogger)
        defer { admin.close() }
        let topic = uniqueTopic("watermarks")
        _ = try await admin.ensureTopics([TopicSpecification(name: topic, partitions: 2)])
        let before = try await admin.watermarks(of: topic)
        #expect(before.keys.sorted() == [0, 1])
        #expect(before.values.allSatisfy { $0.low == 0 && $0.high == 0 })

        let producer = try KafkaProducer(configuration: ProducerConfiguration(client: client), logger: testLogger)
        for index in 0..<5 {
            _ = try await producer.send(ProducerMessage(topic: topic, partition: index < 3 ? 0 : 1, key: "k\(index)", value: "v"))
        }
        await producer.close()
        let after = try await admin.watermarks(of: topic)
        #expect(after[0]?.high == 3)
        #expect(after[1]?.high == 2)
        await #expect(throws: KafkaError.self) { try await admin.watermarks(of: uniqueTopic("absent")) }
    }
}
