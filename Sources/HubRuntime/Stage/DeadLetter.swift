import Foundation
import Kafka

/// Header names on dead letters, shared by every stage and adapter.
public enum DeadLetterHeader {
    public static let reason = "eyh.error.reason"
    public static let rule = "eyh.error.rule"
    public static let fieldPath = "eyh.error.path"
    public static let stage = "eyh.error.stage"
    public static let failedAt = "eyh.error.at"
    public static let originTopic = "eyh.origin.topic"
    public static let originPartition = "eyh.origin.partition"
    public static let originOffset = "eyh.origin.offset"
}

extension ProducerMessage {
    /// The dead letter for `message`: its key, value and headers unchanged, plus headers saying
    /// why it failed and where it came from.
    public static func deadLetter(
        for message: KafkaMessage, failure: any Error, stage: String, topic: String, at date: Date = Date()
    ) -> ProducerMessage {
        let reason: String
        let rule: String
        let fieldPath: String
        if let failure = failure as? any StageFailure {
            (reason, rule, fieldPath) = (failure.reason, failure.rule, failure.fieldPath ?? "")
        } else {
            (reason, rule, fieldPath) = ("unexpected \(type(of: failure))", "stage.unexpected-error", "")
        }
        let headers = message.headers + [
            KafkaHeader(name: DeadLetterHeader.reason, string: reason),
            KafkaHeader(name: DeadLetterHeader.rule, string: rule),
            KafkaHeader(name: DeadLetterHeader.fieldPath, string: fieldPath),
            KafkaHeader(name: DeadLetterHeader.stage, string: stage),
            KafkaHeader(name: DeadLetterHeader.failedAt, string: date.formatted(.iso8601)),
            KafkaHeader(name: DeadLetterHeader.originTopic, string: message.topic),
            KafkaHeader(name: DeadLetterHeader.originPartition, string: String(message.partition)),
            KafkaHeader(name: DeadLetterHeader.originOffset, string: String(message.offset)),
        ]
        return ProducerMessage(topic: topic, key: message.key, value: message.value, headers: headers)
    }
}
