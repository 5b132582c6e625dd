import CRdKafka
import Synchronization

/// The producer's `rd_kafka_topic_t` handles, one per topic name, created on first use.
///
/// Producing by handle skips librdkafka's per-record lookup of the topic by name.
final class TopicHandles: Sendable {
    private let client: RDKafkaClient
    // Handles are thread-safe librdkafka objects; the dictionary is guarded by the Mutex.
    private let handles = Mutex<[String: SendablePointer]>([:])

    private struct SendablePointer: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    init(client: RDKafkaClient) {
        self.client = client
    }

    func handle(for topic: String) throws(KafkaError) -> OpaquePointer {
        let result: Result<OpaquePointer, KafkaError> = handles.withLock { handles in
            if let existing = handles[topic] { return .success(existing.pointer) }
            guard let created = rd_kafka_topic_new(client.pointer, topic, nil) else {
                return .failure(KafkaError(rd_kafka_last_error(), context: "opening topic \(topic)"))
            }
            handles[topic] = SendablePointer(pointer: created)
            return .success(created)
        }
        return try result.get()
    }

    /// Releases every handle; call before the client is destroyed.
    func releaseAll() {
        let all = handles.withLock { handles in
            defer { handles.removeAll() }
            return Array(handles.values)
        }
        for handle in all { rd_kafka_topic_destroy(handle.pointer) }
    }
}
