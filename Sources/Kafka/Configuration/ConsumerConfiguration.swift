/// Settings of a ``KafkaConsumer``.
public struct ConsumerConfiguration: Sendable, Hashable {
    public enum IsolationLevel: String, Sendable, Hashable {
        /// Only records of committed transactions (and non-transactional records) are returned.
        case readCommitted = "read_committed"
        case readUncommitted = "read_uncommitted"
    }

    public enum OffsetReset: String, Sendable, Hashable {
        case earliest, latest
        /// Fail instead of guessing when a group has no committed position.
        case error
    }

    public var client: ClientConfiguration
    public var groupID: String
    /// Static group membership (KIP-345): a stable id per instance, so that a restarted instance
    /// takes its partitions back at once instead of waiting for the group to notice the old one died.
    public var groupInstanceID: String?
    public var isolationLevel: IsolationLevel
    /// Where a group with no committed offset starts.
    public var autoOffsetReset: OffsetReset
    /// Off by default: the hub commits explicitly, after processing.
    public var enableAutoCommit: Bool
    public var sessionTimeoutMilliseconds: Int
    /// The most records fetched but not yet handed to the application. When reached, fetching
    /// pauses until the application catches up (back-pressure).
    public var maxBufferedMessages: Int
    /// Whether reaching the end of a partition is delivered as ``ConsumerEvent/partitionEnd(_:)``
    /// (off by default; a reader of a whole topic, such as a stage restoring its state, turns it on).
    public var reportsPartitionEnd: Bool

    public init(
        client: ClientConfiguration, groupID: String, groupInstanceID: String? = nil, isolationLevel: IsolationLevel = .readCommitted,
        autoOffsetReset: OffsetReset = .earliest, enableAutoCommit: Bool = false,
        sessionTimeoutMilliseconds: Int = 10_000, maxBufferedMessages: Int = 10_000,
        reportsPartitionEnd: Bool = false
    ) {
        self.client = client
        self.groupID = groupID
        self.groupInstanceID = groupInstanceID
        self.isolationLevel = isolationLevel
        self.autoOffsetReset = autoOffsetReset
        self.enableAutoCommit = enableAutoCommit
        self.sessionTimeoutMilliseconds = sessionTimeoutMilliseconds
        self.maxBufferedMessages = maxBufferedMessages
        self.reportsPartitionEnd = reportsPartitionEnd
    }

    var properties: [(key: String, value: String)] {
        (groupInstanceID.map { [("group.instance.id", $0)] } ?? []) + [
            ("group.id", groupID),
            ("isolation.level", isolationLevel.rawValue),
            ("auto.offset.reset", autoOffsetReset.rawValue),
            ("enable.auto.commit", enableAutoCommit ? "true" : "false"),
            ("enable.auto.offset.store", "false"),
            ("session.timeout.ms", String(sessionTimeoutMilliseconds)),
            ("enable.partition.eof", reportsPartitionEnd ? "true" : "false"),
        ] + client.properties
    }
}
