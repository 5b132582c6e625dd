/// A record read from Kafka.
public struct KafkaMessage: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [KafkaHeader]
    public var timestampMilliseconds: Int64?

    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8]?,
        headers: [KafkaHeader] = [], timestampMilliseconds: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }

    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }

    /// The position to commit once this record is processed: the offset after it.
    public var nextPosition: TopicPartitionOffset { TopicPartitionOffset(topicPartition, offset: offset + 1) }

    /// Where this record came from, for logs and dead letters: never its contents.
    public var origin: String { "\(topic)[\(partition)]@\(offset)" }

    public var keyString: String? { key.flatMap { String(validating: $0, as: UTF8.self) } }
    public var valueString: String? { value.flatMap { String(validating: $0, as: UTF8.self) } }
}
