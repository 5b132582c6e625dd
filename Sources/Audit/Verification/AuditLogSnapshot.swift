import HubRuntime
import Kafka
import Logging

/// Reads the audit log to its end, read-committed: entries of aborted or open transactions are
/// never leaves. The log is one partition, so the committed records in offset order are the
/// log's order (decision 0015).
public enum AuditLogSnapshot {
    public static func read(topic: String = HubTopics.audit, client: ClientConfiguration, logger: Logger) async throws -> [AuditLogRecord] {
        let messages = try await TopicSnapshot.read(topic, client: client, logger: logger)
        let partitions = Set(messages.map(\.partition))
        guard partitions.count <= 1 else {
            throw AuditLogError("\(topic) has records in \(partitions.count) partitions; the audit log must be one partition (decision 0015)")
        }
        return try messages.map { message in
            guard let value = message.value else { throw AuditLogError("the record at offset \(message.offset) of \(topic) has no value") }
            return AuditLogRecord(offset: message.offset, leafBytes: value)
        }
    }

    /// Sends a signed checkpoint note to the checkpoints topic, keyed by the log's origin.
    public static func publish(note: String, origin: String, topic: String = HubTopics.auditCheckpoints,
                               client: ClientConfiguration, logger: Logger) async throws {
        let producer = try KafkaProducer(configuration: ProducerConfiguration(client: client), logger: logger)
        do {
            _ = try await producer.send(ProducerMessage(topic: topic, key: Array(origin.utf8), value: Array(note.utf8)))
        } catch {
            await producer.close()
            throw error
        }
        await producer.close()
    }
}

/// The audit log cannot be used as it is; the message says what to do.
public struct AuditLogError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
