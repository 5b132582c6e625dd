import Foundation
import Testing

@testable import Kafka

@Suite("The consumer's hand-over buffer")
struct ConsumerBufferTests {
    func message(_ partition: Int32, _ offset: Int64) -> ConsumerEvent {
        .message(KafkaMessage(topic: "t", partition: partition, offset: offset, key: nil, value: []))
    }

    func offsets(_ events: [ConsumerEvent]?) -> [Int64] {
        (events ?? []).compactMap { if case .message(let m) = $0 { m.offset } else { nil } }
    }

    @Test("batches keep arrival order across pushes and respect the maximum")
    func orderAndMaximum() async {
        let buffer = ConsumerBuffer(capacity: 100)
        buffer.push((0..<5).map { message(0, $0) })
        buffer.push((5..<12).map { message(0, $0) })
        #expect(offsets(await buffer.take(max: 3, waitAtMost: .zero)) == [0, 1, 2])
        #expect(offsets(await buffer.take(max: 100, waitAtMost: .zero)) == Array(3..<12))
        #expect(await buffer.take(max: 100, waitAtMost: .zero) == [])
    }

    @Test("a revocation ends its batch, and the poll thread waits until the application asks for more")
    func revocationIsAcknowledgedByTheNextTake() async throws {
        let buffer = ConsumerBuffer(capacity: 100)
        let partition = TopicPartition(topic: "t", partition: 0)
        buffer.push([message(0, 0), message(0, 1)])
        buffer.push([.partitionsRevoked([partition])])
        buffer.push([message(1, 0)])
        let batch = try #require(await buffer.take(max: 100, waitAtMost: .zero))
        #expect(batch.count == 3)
        #expect(batch.last == .partitionsRevoked([partition]))
        // The poll thread is now blocked in the rebalance callback until the next take.
        let acknowledged = Task.detached { buffer.awaitRevocationAcknowledged(timeout: 10) }
        try await Task.sleep(for: .milliseconds(200))
        let next = await buffer.take(max: 100, waitAtMost: .zero)
        #expect(offsets(next) == [0])
        #expect(await acknowledged.value == true)
    }

    @Test("an unacknowledged revocation times out instead of blocking forever")
    func revocationTimesOut() async {
        let buffer = ConsumerBuffer(capacity: 10)
        buffer.push([.partitionsRevoked([TopicPartition(topic: "t", partition: 0)])])
        let acknowledged = await Task.detached { buffer.awaitRevocationAcknowledged(timeout: 0.2) }.value
        #expect(acknowledged == false)
    }

    @Test("after a seek, buffered records of that partition are dropped and others kept")
    func discardAfterSeek() async {
        let buffer = ConsumerBuffer(capacity: 100)
        buffer.push([message(0, 0), message(1, 0), message(0, 1), message(1, 1)])
        buffer.discardMessages(of: [TopicPartition(topic: "t", partition: 0)])
        let rest = await buffer.take(max: 100, waitAtMost: .zero) ?? []
        #expect(rest == [message(1, 0), message(1, 1)])
    }

    @Test("a waiting take returns what arrives, an empty batch on time-out, and nil once intake stops")
    func waitingTake() async throws {
        let buffer = ConsumerBuffer(capacity: 10)
        let waiting = Task { await buffer.take(max: 10, waitAtMost: nil) }
        try await Task.sleep(for: .milliseconds(100))
        buffer.push([message(0, 7)])
        #expect(offsets(await waiting.value) == [7])
        #expect(await buffer.take(max: 10, waitAtMost: .milliseconds(50)) == [])
        let stopped = Task { await buffer.take(max: 10, waitAtMost: nil) }
        try await Task.sleep(for: .milliseconds(100))
        buffer.stopIntake()
        #expect(await stopped.value == nil)
    }

    @Test("the poll thread is told there is no room while the buffer is full")
    func noRoomWhenFull() {
        let buffer = ConsumerBuffer(capacity: 2)
        buffer.push([message(0, 0), message(0, 1)])
        #expect(buffer.waitForRoom(timeout: 0.05) == 0)
    }
}
