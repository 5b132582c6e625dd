/// What a consumer hands to the application, in order.
public enum ConsumerEvent: Sendable, Hashable {
    case message(KafkaMessage)
    /// These partitions now belong to this consumer.
    case partitionsAssigned([TopicPartition])
    /// These partitions are being taken away. Every message of theirs delivered before this event
    /// should be finished (committed, flushed) before asking for the next event: librdkafka
    /// hands them to another consumer only after that request, or after a safety timeout.
    case partitionsRevoked([TopicPartition])
    /// The consumer has read everything this partition held (up to its last stable offset when
    /// reading committed) at the time it got there. Delivered only when
    /// ``ConsumerConfiguration/reportsPartitionEnd`` is set; records produced later follow it.
    case partitionEnd(TopicPartition)
}

/// A consumer group's identity and generation, needed to commit offsets inside a producer's
/// transaction (`send_offsets_to_transaction`) so that a zombie member cannot commit.
public final class ConsumerGroupMetadata: @unchecked Sendable {
    // Immutable after creation and only read by librdkafka, which copies what it needs.
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { rd_kafka_consumer_group_metadata_destroy(pointer) }
}

import CRdKafka
