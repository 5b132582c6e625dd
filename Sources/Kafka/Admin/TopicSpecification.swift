/// A topic as the hub wants it to exist.
public struct TopicSpecification: Sendable, Hashable {
    public var name: String
    public var partitions: Int
    public var replicationFactor: Int
    /// Topic-level configs, such as `cleanup.policy=compact` or `retention.ms`.
    public var config: [String: String]

    public init(name: String, partitions: Int, replicationFactor: Int = 1, config: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.config = config
    }
}

/// What the cluster reports about its brokers and topics.
public struct ClusterMetadata: Sendable, Hashable {
    public struct Broker: Sendable, Hashable {
        public var id: Int32
        public var host: String
        public var port: Int32
    }

    public struct Topic: Sendable, Hashable {
        public var name: String
        public var partitions: [Partition]
        /// An error the cluster reported for this topic, such as UNKNOWN_TOPIC_OR_PART.
        public var error: KafkaError?
    }

    public struct Partition: Sendable, Hashable {
        public var id: Int32
        public var leader: Int32
        public var replicas: [Int32]
    }

    public var brokers: [Broker]
    public var topics: [Topic]

    public func topic(named name: String) -> Topic? { topics.first { $0.name == name && $0.error == nil } }
}

/// The outcome of ``KafkaAdmin/ensureTopics(_:timeout:)``.
public struct EnsureTopicsReport: Sendable, Hashable {
    public var created: [String]
    public var alreadyPresent: [String]
}
