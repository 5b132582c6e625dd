import Foundation
import Kafka

/// Creates a topic with this many partitions on the test broker.
func createTopic(_ name: String, partitions: Int, config: [String: String] = [:]) async throws {
    let admin = try KafkaAdmin(configuration: try await TestBroker.client(), logger: testLogger)
    defer { admin.close() }
    _ = try await admin.ensureTopics([TopicSpecification(name: name, partitions: partitions, config: config)])
}

func makeProducer() async throws -> KafkaProducer {
    try KafkaProducer(configuration: ProducerConfiguration(client: try await TestBroker.client()), logger: testLogger)
}

func makeConsumer(
    group: String, isolation: ConsumerConfiguration.IsolationLevel = .readCommitted
) async throws -> KafkaConsumer {
    try KafkaConsumer(
        configuration: ConsumerConfiguration(
            client: try await TestBroker.client(), groupID: group, isolationLevel: isolation, sessionTimeoutMilliseconds: 6_000),
        logger: testLogger)
}

/// Sends `count` records keyed `key-<n>` with value `value-<n>`, waiting for every acknowledgement.
@discardableResult
func produceNumbered(_ count: Int, to topic: String, prefix: String = "", producer: KafkaProducer? = nil) async throws -> [DeliveryReport] {
    let producer = if let producer { producer } else { try await makeProducer() }
    var reports: [DeliveryReport] = []
    for index in 0..<count {
        reports.append(try await producer.send(ProducerMessage(topic: topic, key: "\(prefix)key-\(index)", value: "\(prefix)value-\(index)")))
    }
    return reports
}

/// Reads messages until `count` have arrived or `timeout` passes with none arriving.
func collect(_ count: Int, from consumer: KafkaConsumer, idleTimeout: Duration = .seconds(15)) async -> [KafkaMessage] {
    var messages: [KafkaMessage] = []
    while messages.count < count {
        guard let batch = await consumer.nextBatch(max: 1_000, waitAtMost: idleTimeout), !batch.isEmpty else { break }
        for case .message(let message) in batch { messages.append(message) }
    }
    return messages
}

/// Reads everything that arrives until nothing new comes for `quietPeriod`.
func drain(_ consumer: KafkaConsumer, quietPeriod: Duration = .seconds(3)) async -> [KafkaMessage] {
    var messages: [KafkaMessage] = []
    while let batch = await consumer.nextBatch(max: 1_000, waitAtMost: quietPeriod), !batch.isEmpty {
        for case .message(let message) in batch { messages.append(message) }
    }
    return messages
}

/// Waits until `condition` holds, checking every 100 ms, for at most `timeout`.
func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}
