import CRdKafka
import Synchronization

/// Counts the delivery reports of many records without a callback or allocation per record:
/// the cheap way to follow a high-volume stream, or every record of one transaction.
///
/// ```swift
/// let tally = DeliveryTally()
/// for message in batch { try await producer.enqueue(message, tally: tally) }
/// try await producer.flush()
/// if let error = tally.firstError { ... }
/// ```
public final class DeliveryTally: DeliveryHandler, @unchecked Sendable {
    // Atomics and a Mutex: safe to share between the poll thread and readers.
    private let deliveredCount = Atomic<Int>(0)
    private let failedCount = Atomic<Int>(0)
    private let firstFailure = Mutex<KafkaError?>(nil)

    public override init() {}

    /// Records acknowledged by the broker.
    public var delivered: Int { deliveredCount.load(ordering: .acquiring) }
    /// Records that failed for good.
    public var failed: Int { failedCount.load(ordering: .acquiring) }
    /// The first failure, if any.
    public var firstError: KafkaError? { firstFailure.withLock { $0 } }

    override func delivered(_ message: UnsafePointer<rd_kafka_message_t>) {
        if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            deliveredCount.add(1, ordering: .releasing)
        } else {
            let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "?"
            let error = KafkaError(message.pointee.err, context: "delivering to \(topic)")
            firstFailure.withLock { if $0 == nil { $0 = error } }
            failedCount.add(1, ordering: .releasing)
        }
    }
}
