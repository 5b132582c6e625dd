/// The consumer's events as an `AsyncSequence`; it ends when intake stops or the consumer closes.
///
/// Each `next()` takes one event from the consumer's buffer, so a ``KafkaConsumer/seek(_:)``
/// takes effect from the very next call.
public struct ConsumerEvents: AsyncSequence, Sendable {
    public typealias Element = ConsumerEvent
    let consumer: KafkaConsumer

    public struct AsyncIterator: AsyncIteratorProtocol {
        let consumer: KafkaConsumer

        public mutating func next() async -> ConsumerEvent? {
            await consumer.nextBatch(max: 1)?.first
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(consumer: consumer) }
}

/// Only the messages of ``ConsumerEvents``.
public struct ConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaMessage
    let events: ConsumerEvents

    public struct AsyncIterator: AsyncIteratorProtocol {
        var events: ConsumerEvents.AsyncIterator

        public mutating func next() async -> KafkaMessage? {
            while let event = await events.next() {
                if case .message(let message) = event { return message }
            }
            return nil
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(events: events.makeAsyncIterator()) }
}
