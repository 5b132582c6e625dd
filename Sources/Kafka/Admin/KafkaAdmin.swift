import CRdKafka
import Logging

/// Cluster administration: metadata, topic creation and topic configuration.
public final class KafkaAdmin: Sendable {
    private let client: RDKafkaClient
    private let poller: PollThread

    public init(configuration: ClientConfiguration, logger: Logger) throws(KafkaError) {
        let client = try RDKafkaClient(kind: .producer, properties: configuration.properties, context: ClientContext(logger: logger))
        self.client = client
        self.poller = PollThread(name: "eyhub.kafka.admin-poll") { isRunning in
            while isRunning() { rd_kafka_poll(client.pointer, 100) }
        }
    }

    public func close() {
        poller.stop()
        client.destroy()
    }

    /// Brokers, topics and partitions as the cluster reports them now.
    public func metadata(timeout: Duration = .seconds(10)) async throws(KafkaError) -> ClusterMetadata {
        let client = self.client
        return try await client.blocking.run { () throws(KafkaError) in
            var pointer: UnsafePointer<rd_kafka_metadata>?
            let err = rd_kafka_metadata(client.pointer, 1, nil, &pointer, timeout.milliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let pointer else { throw KafkaError(err, context: "reading cluster metadata") }
            defer { rd_kafka_metadata_destroy(pointer) }
            let metadata = pointer.pointee
            let brokers = (0..<Int(metadata.broker_cnt)).map { index in
                let broker = metadata.brokers[index]
                return ClusterMetadata.Broker(id: broker.id, host: String(cString: broker.host), port: broker.port)
            }
            let topics = (0..<Int(metadata.topic_cnt)).map { index in
                let topic = metadata.topics[index]
                let partitions = (0..<Int(topic.partition_cnt)).map { partitionIndex in
                    let partition = topic.partitions[partitionIndex]
                    return ClusterMetadata.Partition(
                        id: partition.id, leader: partition.leader,
                        replicas: (0..<Int(partition.replica_cnt)).map { partition.replicas[$0] })
                }
                return ClusterMetadata.Topic(
                    name: String(cString: topic.topic), partitions: partitions.sorted { $0.id < $1.id },
                    error: topic.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(topic.err))
            }
            return ClusterMetadata(brokers: brokers, topics: topics)
        }
    }

    /// The low and high watermarks of every partition of `topic`: the first offset still held and
    /// the offset the next record will get.
    public func watermarks(of topic: String, timeout: Duration = .seconds(10)) async throws(KafkaError) -> [Int32: (low: Int64, high: Int64)] {
        let topicMetadata = try await metadata(timeout: timeout).topics.first { $0.name == topic }
        guard let topicMetadata, topicMetadata.error == nil else {
            throw KafkaError(category: .client, message: "no topic \(topic) on the cluster")
        }
        let client = self.client
        return try await client.blocking.run { () throws(KafkaError) in
            var result: [Int32: (low: Int64, high: Int64)] = [:]
            for partition in topicMetadata.partitions {
                var low: Int64 = 0
                var high: Int64 = 0
                let err = rd_kafka_query_watermark_offsets(client.pointer, topic, partition.id, &low, &high, timeout.milliseconds)
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "reading the watermarks of \(topic)[\(partition.id)]") }
                result[partition.id] = (low, high)
            }
            return result
        }
    }

    /// Creates topics; returns each topic's error, or `nil` where it was created.
    public func createTopics(_ topics: [TopicSpecification], timeout: Duration = .seconds(30)) async throws(KafkaError) -> [String: KafkaError?] {
        guard !topics.isEmpty else { return [:] }
        let client = self.client
        return try await client.blocking.run { () throws(KafkaError) in
            var newTopics: [OpaquePointer?] = []
            defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
            for topic in topics {
                var errstr = [CChar](repeating: 0, count: 512)
                guard let newTopic = rd_kafka_NewTopic_new(topic.name, Int32(topic.partitions), Int32(topic.replicationFactor), &errstr, errstr.count) else {
                    throw KafkaError(category: .client, message: "invalid topic '\(topic.name)': \(String(cBuffer: errstr))")
                }
                newTopics.append(newTopic)
                for (key, value) in topic.config.sorted(by: { $0.key < $1.key }) {
                    let err = rd_kafka_NewTopic_set_config(newTopic, key, value)
                    if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "setting \(key) on topic \(topic.name)") }
                }
            }
            return try AdminRequest.run(client: client, timeout: timeout, what: "creating topics") { queue, options in
                newTopics.withUnsafeMutableBufferPointer { rd_kafka_CreateTopics(client.pointer, $0.baseAddress, $0.count, options, queue) }
            } read: { event in
                guard let result = rd_kafka_event_CreateTopics_result(event) else { return [:] }
                var count = 0
                guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return [:] }
                var outcome: [String: KafkaError?] = [:]
                for index in 0..<count {
                    let name = String(cString: rd_kafka_topic_result_name(results[index]))
                    let err = rd_kafka_topic_result_error(results[index])
                    let message = rd_kafka_topic_result_error_string(results[index]).map { String(cString: $0) }
                    // updateValue, not subscript assignment: assigning nil through the subscript would remove the key.
                    outcome.updateValue(
                        err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(err, context: message ?? "creating topic \(name)"), forKey: name)
                }
                return outcome
            }
        }
    }

    /// Creates whichever of these topics do not exist yet. Safe to call at every start-up and
    /// from several processes at once: a topic created concurrently counts as present.
    public func ensureTopics(_ topics: [TopicSpecification], timeout: Duration = .seconds(30)) async throws(KafkaError) -> EnsureTopicsReport {
        let existing = Set(try await metadata(timeout: timeout).topics.filter { $0.error == nil }.map(\.name))
        let missing = topics.filter { !existing.contains($0.name) }
        var report = EnsureTopicsReport(created: [], alreadyPresent: topics.map(\.name).filter(existing.contains))
        for (name, error) in try await createTopics(missing, timeout: timeout).sorted(by: { $0.key < $1.key }) {
            switch error {
            case nil: report.created.append(name)
            case let error? where error.hasCode(RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS): report.alreadyPresent.append(name)
            case let error?: throw error
            }
        }
        return report
    }

    /// A topic's configuration as the broker reports it (name → value).
    public func topicConfiguration(_ topic: String, timeout: Duration = .seconds(10)) async throws(KafkaError) -> [String: String] {
        let client = self.client
        return try await client.blocking.run { () throws(KafkaError) in
            guard let resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic) else {
                throw KafkaError(category: .client, message: "could not describe topic \(topic)")
            }
            defer { rd_kafka_ConfigResource_destroy(resource) }
            var resources: [OpaquePointer?] = [resource]
            return try AdminRequest.run(client: client, timeout: timeout, what: "describing topic \(topic)") { queue, options in
                resources.withUnsafeMutableBufferPointer { rd_kafka_DescribeConfigs(client.pointer, $0.baseAddress, $0.count, options, queue) }
            } read: { event throws(KafkaError) in
                guard let result = rd_kafka_event_DescribeConfigs_result(event) else { return [:] }
                var count = 0
                guard let described = rd_kafka_DescribeConfigs_result_resources(result, &count), count > 0 else { return [:] }
                let err = rd_kafka_ConfigResource_error(described[0])
                if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "describing topic \(topic)") }
                var entryCount = 0
                guard let entries = rd_kafka_ConfigResource_configs(described[0], &entryCount) else { return [:] }
                var configs: [String: String] = [:]
                for index in 0..<entryCount {
                    let name = String(cString: rd_kafka_ConfigEntry_name(entries[index]))
                    configs[name] = rd_kafka_ConfigEntry_value(entries[index]).map { String(cString: $0) }
                }
                return configs
            }
        }
    }
}

/// One admin request: a private result queue, options with a timeout, one result event.
enum AdminRequest {
    static func run<T>(
        client: RDKafkaClient, timeout: Duration, what: String,
        start: (OpaquePointer, OpaquePointer) -> Void,
        read: (OpaquePointer) throws(KafkaError) -> T
    ) throws(KafkaError) -> T {
        guard let queue = rd_kafka_queue_new(client.pointer) else { throw KafkaError(category: .client, message: "\(what): no queue") }
        defer { rd_kafka_queue_destroy(queue) }
        guard let options = rd_kafka_AdminOptions_new(client.pointer, RD_KAFKA_ADMIN_OP_ANY) else {
            throw KafkaError(category: .client, message: "\(what): no admin options")
        }
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errstr = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.milliseconds, &errstr, errstr.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.milliseconds, &errstr, errstr.count)
        start(queue, options)
        guard let event = rd_kafka_queue_poll(queue, timeout.milliseconds + 5_000) else {
            throw KafkaError(category: .timeout, message: "\(what): no answer within \(timeout)")
        }
        defer { rd_kafka_event_destroy(event) }
        let err = rd_kafka_event_error(event)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(err, context: rd_kafka_event_error_string(event).map { String(cString: $0) } ?? what)
        }
        return try read(event)
    }
}
