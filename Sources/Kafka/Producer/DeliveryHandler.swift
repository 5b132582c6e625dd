import CRdKafka

/// What to do when one produced record's delivery report arrives. Instances travel through
/// librdkafka as the record's opaque pointer, retained once per record.
///
/// A class hierarchy rather than a protocol because `Unmanaged` needs a concrete class; the base
/// has no state, and every subclass is immutable or guards its state, so sharing it is safe.
public class DeliveryHandler: @unchecked Sendable {
    init() {}

    /// Called once, on the thread serving delivery reports.
    func delivered(_ message: UnsafePointer<rd_kafka_message_t>) {}

    static func report(_ message: UnsafePointer<rd_kafka_message_t>, topic: String) -> Result<DeliveryReport, KafkaError> {
        guard message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            return .failure(KafkaError(message.pointee.err, context: "delivering to \(topic)"))
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        return .success(DeliveryReport(
            topic: topic, partition: message.pointee.partition, offset: message.pointee.offset,
            timestampMilliseconds: timestamp >= 0 ? timestamp : nil))
    }
}

/// Calls a closure with the record's report.
final class DeliverySink: DeliveryHandler, @unchecked Sendable {
    let topic: String
    let complete: @Sendable (Result<DeliveryReport, KafkaError>) -> Void

    init(topic: String, complete: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void) {
        self.topic = topic
        self.complete = complete
    }

    override func delivered(_ message: UnsafePointer<rd_kafka_message_t>) {
        complete(Self.report(message, topic: topic))
    }
}
