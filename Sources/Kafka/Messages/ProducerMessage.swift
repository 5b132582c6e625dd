/// A record to produce.
public struct ProducerMessage: Sendable, Hashable {
    public var topic: String
    /// A fixed partition, or `nil` to let the partitioner choose from the key.
    public var partition: Int32?
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [KafkaHeader]
    /// Milliseconds since the Unix epoch; `nil` lets the client stamp the send time.
    public var timestampMilliseconds: Int64?

    public init(
        topic: String, partition: Int32? = nil, key: [UInt8]? = nil, value: [UInt8]?,
        headers: [KafkaHeader] = [], timestampMilliseconds: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }

    public init(
        topic: String, partition: Int32? = nil, key: String?, value: String,
        headers: [KafkaHeader] = [], timestampMilliseconds: Int64? = nil
    ) {
        self.init(
            topic: topic, partition: partition, key: key.map { Array($0.utf8) }, value: Array(value.utf8),
            headers: headers, timestampMilliseconds: timestampMilliseconds)
    }
}

/// Where the broker stored a produced record.
public struct DeliveryReport: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var timestampMilliseconds: Int64?
}
