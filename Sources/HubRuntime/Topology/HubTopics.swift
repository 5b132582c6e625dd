import Kafka

/// The hub's Kafka topics: every name and its settings live here and nowhere else.
///
/// Fixed topics are created at start-up by ``HubTopics/core(partitions:replicationFactor:)``;
/// per-adapter and per-recipient topics are named by the functions below and created when the
/// adapter or agreement that needs them is configured.
public enum HubTopics {
    /// Canonical events from every adapter, keyed by source subject key.
    public static let events = "eyh.events.v1"
    /// Compacted crosswalk: source subject key → hub child id.
    public static let identity = "eyh.identity.v1"
    /// Canonical events re-keyed by hub child id.
    public static let childEvents = "eyh.child-events.v1"
    /// Uncertain identity matches waiting for a person.
    public static let identityReview = "eyh.review.identity.v1"
    /// People's identity decisions (unlink, accept or reject a review), with who and why. Kept forever.
    public static let identityDecisions = "eyh.identity-decisions.v1"
    /// People's sharing decisions for one child (a parent's objection, a sealed record, a
    /// safeguarding override), keyed by child id, with who and why. Kept forever.
    public static let sharingDecisions = "eyh.sharing-decisions.v1"
    /// One entry per disclosure (Merkle-tree log leaves). Kept forever, in one partition: the
    /// partition's order is the log's order, so there is one tree and one history (decision 0015).
    public static let audit = "eyh.audit.v1"
    /// Signed checkpoints of the audit log (tree size and root), kept forever.
    public static let auditCheckpoints = "eyh.audit-checkpoints.v1"
    /// Alert lifecycle events keyed by hub child id.
    public static let alerts = "eyh.alerts.v1"
    /// People's acknowledgements and resolutions of alerts, keyed by hub child id, with who and
    /// why. Kept forever.
    public static let alertActions = "eyh.alert-actions.v1"
    /// One receipt per adapter input: its counts of events, skips and dead letters.
    public static let intake = "eyh.intake.v1"

    /// Round-trip checks (`eyhub demo`, readiness probes); holds no personal data, kept one hour.
    public static let selfTest = "eyh.selftest.v1"

    /// Topics kept in exactly one partition whatever the deployment's partition count: logs whose
    /// single order is what they mean.
    public static let singlePartition: Set<String> = [audit, auditCheckpoints]

    /// The stages that keep state and have a dead-letter topic of their own.
    public static let stages = ["resolver", "router", "correlator"]

    /// Verbatim payloads received by one adapter, kept briefly for replay and forensics.
    public static func raw(adapter: String) -> String { "eyh.raw.\(adapter).v1" }
    /// Rejected input of one adapter or stage, with error headers.
    public static func deadLetter(_ owner: String) -> String { "eyh.dlq.\(owner).v1" }
    /// Minimised events that one recipient may see.
    public static func share(recipient: String) -> String { "eyh.share.\(recipient).v1" }
    /// Compacted changelog of one stage's state.
    public static func state(stage: String) -> String { "eyh.state.\(stage).v1" }

    /// Seven days: long enough to replay a bad deploy, short enough to limit what is held verbatim.
    public static let rawRetentionMilliseconds = 7 * 24 * 60 * 60 * 1000

    /// The topics every deployment needs, whatever adapters and agreements it has.
    public static func core(partitions: Int = 6, replicationFactor: Int = 1) -> [TopicSpecification] {
        func plain(_ name: String, _ config: [String: String] = [:]) -> TopicSpecification {
            TopicSpecification(name: name, partitions: partitions, replicationFactor: replicationFactor, config: config)
        }
        let compacted = ["cleanup.policy": "compact"]
        var topics = [
            plain(events),
            plain(intake),
            plain(identity, compacted),
            plain(childEvents),
            plain(identityReview),
            plain(identityDecisions, ["retention.ms": "-1"]),
            plain(sharingDecisions, ["retention.ms": "-1"]),
            TopicSpecification(name: audit, partitions: 1, replicationFactor: replicationFactor, config: ["retention.ms": "-1"]),
            TopicSpecification(name: auditCheckpoints, partitions: 1, replicationFactor: replicationFactor, config: ["retention.ms": "-1"]),
            plain(alerts),
            plain(alertActions, ["retention.ms": "-1"]),
        ]
        for stage in stages {
            topics.append(plain(state(stage: stage), compacted))
            topics.append(plain(deadLetter(stage)))
        }
        return topics
    }

    /// The topics one adapter writes besides ``events``.
    public static func adapterTopics(_ adapter: String, partitions: Int = 6, replicationFactor: Int = 1) -> [TopicSpecification] {
        [
            TopicSpecification(name: raw(adapter: adapter), partitions: partitions, replicationFactor: replicationFactor,
                               config: ["retention.ms": String(rawRetentionMilliseconds)]),
            TopicSpecification(name: deadLetter(adapter), partitions: partitions, replicationFactor: replicationFactor),
        ]
    }
}
