import Kafka

/// Where a stage reads and writes, and how it batches its transactions.
public struct StageConfiguration: Sendable {
    /// The stage's name, such as `resolver`; used in its group id, transactional id and dead-letter headers.
    public var name: String
    public var inputTopics: [String]
    public var deadLetterTopic: String
    public var groupID: String
    /// Stable per instance, so that a restarted instance fences its predecessor and aborts its open transaction.
    public var transactionalID: String
    /// Stable per instance too: static group membership lets a restarted instance take its
    /// partitions back at once.
    public var groupInstanceID: String
    public var client: ClientConfiguration
    /// A transaction commits after this many input records...
    public var maxTransactionRecords: Int
    /// ...or this long after its first record, whichever comes first.
    public var maxTransactionDelay: Duration
    /// Records produced but not yet acknowledged before the stage waits (back-pressure).
    public var maxInFlightMessages: Int
    /// When set, the runner commits and returns once no input has come for this long: for batch
    /// runs (a demo, a backfill) rather than daemons.
    public var stopWhenIdle: Duration?

    public init(
        name: String, inputTopics: [String], deadLetterTopic: String, client: ClientConfiguration,
        instance: String = "0", groupID: String? = nil, maxTransactionRecords: Int = 1_000,
        maxTransactionDelay: Duration = .milliseconds(200), maxInFlightMessages: Int = 10_000, stopWhenIdle: Duration? = nil
    ) {
        self.name = name
        self.inputTopics = inputTopics
        self.deadLetterTopic = deadLetterTopic
        self.groupID = groupID ?? "eyhub-\(name)"
        self.transactionalID = "eyhub-\(name)-\(instance)"
        self.groupInstanceID = "eyhub-\(name)-\(instance)"
        self.client = client
        self.maxTransactionRecords = maxTransactionRecords
        self.maxTransactionDelay = maxTransactionDelay
        self.maxInFlightMessages = maxInFlightMessages
        self.stopWhenIdle = stopWhenIdle
    }
}

/// What a runner has done since it started.
public struct StageStatistics: Sendable, Hashable {
    public var recordsIn = 0
    public var recordsOut = 0
    public var deadLettered = 0
    public var transactionsCommitted = 0
    public var transactionsAborted = 0
    public var sessionsStarted = 0
}
