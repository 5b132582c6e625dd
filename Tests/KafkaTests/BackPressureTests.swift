import Logging
import Testing

@testable import Kafka

@Suite("Back-pressure")
struct BackPressureTests {
    @Test("the in-flight window makes the next sender wait when full, and wakes it once the window drains")
    func windowWaits() async throws {
        let window = InflightWindow(limit: 4)
        for _ in 0..<4 { try await window.acquire() }
        #expect(window.inFlight == 4)
        let waiter = Task { try await window.acquire() }
        try await Task.sleep(for: .milliseconds(100))
        #expect(window.inFlight == 4, "the fifth acquire must not take a slot")
        window.release()  // 3 in flight: at the resume threshold, so the waiter gets the slot
        try await waiter.value
        #expect(window.inFlight == 4)
    }

    @Test("a waiting sender can be cancelled, and closing fails every waiter")
    func cancelAndClose() async throws {
        let window = InflightWindow(limit: 1)
        try await window.acquire()
        let cancelled = Task { try await window.acquire() }
        try await Task.sleep(for: .milliseconds(50))
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        let waiting = Task { try await window.acquire() }
        try await Task.sleep(for: .milliseconds(50))
        window.close()
        await #expect(throws: KafkaError.self) { try await waiting.value }
        await #expect(throws: KafkaError.self) { try await window.acquire() }
    }

    @Test("with no broker reachable, a producer stops accepting records at its in-flight bound instead of buffering")
    func producerBoundWithBrokerDown() async throws {
        // Port 1 on loopback: nothing listens, so nothing is ever acknowledged.
        let client = ClientConfiguration(bootstrapServers: ["127.0.0.1:1"], additionalProperties: ["log_level": "0"])
        let producer = try KafkaProducer(
            configuration: ProducerConfiguration(client: client, deliveryTimeoutMilliseconds: 60_000, maxInFlightMessages: 5),
            logger: Logger(label: "test"))
        for index in 0..<5 {
            try await producer.enqueue(ProducerMessage(topic: "t", key: "k\(index)", value: "v")) { _ in }
        }
        #expect(producer.inFlightCount == 5)
        let sixth = Task { try await producer.enqueue(ProducerMessage(topic: "t", key: "k5", value: "v")) { _ in } }
        try await Task.sleep(for: .milliseconds(500))
        #expect(producer.inFlightCount == 5, "the sixth record must wait, not be queued")
        await producer.close(timeout: .milliseconds(100))
        await #expect(throws: KafkaError.self) { try await sixth.value }
    }

    @Test("records still undelivered at close fail with an error instead of vanishing")
    func undeliveredFailAtClose() async throws {
        let client = ClientConfiguration(bootstrapServers: ["127.0.0.1:1"], additionalProperties: ["log_level": "0"])
        let producer = try KafkaProducer(configuration: ProducerConfiguration(client: client), logger: Logger(label: "test"))
        let tally = DeliveryTally()
        for index in 0..<3 { try await producer.enqueue(ProducerMessage(topic: "t", key: "k\(index)", value: "v"), tally: tally) }
        await producer.close(timeout: .milliseconds(100))
        #expect(tally.failed == 3)
        #expect(tally.delivered == 0)
        #expect(tally.firstError?.codeName?.contains("PURGE") == true)
    }
}
