import HubRuntime
import Kafka
import Logging

/// The raw-topic adapter's stage: each record of `eyh.raw.<adapter>.v1` is one input document,
/// mapped to events and dead letters. The shared ``StageRunner`` produces them in one transaction
/// with the consumed offsets.
///
/// It never throws: a document that cannot be parsed, and each record that fails a rule, becomes
/// a dead letter built here, with the adapter's headers and the raw record's topic, partition and
/// offset, so dead letters look the same whatever the transport.
struct RawTopicTransformation: StageTransformation {
    let mapper: DocumentMapper
    let logger: Logger

    func transform(_ message: KafkaMessage) throws -> [ProducerMessage] {
        let origin = DocumentMapper.Origin(name: message.origin, deadLetterHeaders: [
            KafkaHeader(name: DeadLetterHeader.originTopic, string: message.topic),
            KafkaHeader(name: DeadLetterHeader.originPartition, string: String(message.partition)),
            KafkaHeader(name: DeadLetterHeader.originOffset, string: String(message.offset)),
        ])
        let document = mapper.map(message.value ?? [], origin: origin)
        let summary = document.summary
        logger.info("raw record mapped", metadata: [
            "origin": "\(message.origin)", "records": "\(summary.records)", "events": "\(summary.events)",
            "skipped": "\(summary.skipped)", "dead_letters": "\(summary.deadLetters)",
            "rule": "\(document.failure?.rule ?? "-")",
        ])
        return document.messages
    }
}
