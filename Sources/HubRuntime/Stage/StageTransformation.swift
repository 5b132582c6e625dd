import Kafka

/// The pure part of a stage: one input record in, zero or more output records out.
///
/// A transformation does no I/O; the ``StageRunner`` consumes, produces and commits around it.
/// Throwing a ``StageFailure`` dead-letters the input with the failure's reason, rule and field
/// path; any other error dead-letters it with only the error's type name, because an error's
/// text may quote personal data.
public protocol StageTransformation: Sendable {
    func transform(_ message: KafkaMessage) throws -> [ProducerMessage]

    /// Called when partitions are assigned, before any of their records. A stage that keeps state
    /// restores it here; a ``KafkaError`` it throws ends the runner's session, which starts again
    /// from the committed offsets (any other error stops the runner).
    func partitionsAssigned(_ partitions: [TopicPartition]) async throws
    /// Called when partitions are revoked, after the runner committed everything read from them.
    func partitionsRevoked(_ partitions: [TopicPartition]) async
}

extension StageTransformation {
    public func partitionsAssigned(_ partitions: [TopicPartition]) async throws {}
    public func partitionsRevoked(_ partitions: [TopicPartition]) async {}
}

/// Why a record could not be transformed, in terms safe to log and to put in dead-letter headers:
/// rule ids and field paths, never field values.
public protocol StageFailure: Error {
    /// What went wrong, in plain English, without record contents.
    var reason: String { get }
    /// The id of the rule or check that failed, such as `nhs-number.modulus-11` or `json.syntax`.
    var rule: String { get }
    /// Where in the record the problem is, such as `subject.nhs_number`; `nil` for the whole record.
    var fieldPath: String? { get }
}

/// A stage's refusal of one record (or of its own state), as a value: what a stage throws to
/// dead-letter a record with its reason, rule and field path.
public struct StageRejection: StageFailure, CustomStringConvertible {
    public var reason: String
    public var rule: String
    public var fieldPath: String?

    public init(reason: String, rule: String, fieldPath: String? = nil) {
        self.reason = reason
        self.rule = rule
        self.fieldPath = fieldPath
    }

    public var description: String { "\(rule): \(reason)" }
}
