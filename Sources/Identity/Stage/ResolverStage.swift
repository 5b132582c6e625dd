import EarlyYearsSchema
import Foundation
import HubRuntime
import Kafka
import Logging
import Synchronization

/// The resolver stage (`eyhub resolve`): canonical events in, the same events re-keyed by hub
/// child id out, with the crosswalk, reviews and merge notices written in the same transaction.
///
/// - Reads `eyh.events.v1` and the decisions of people on `eyh.identity-decisions.v1`.
/// - Writes each event, unchanged, to `eyh.child-events.v1` keyed by child id, with headers
///   naming the child, the source subject key and the rule; every crosswalk change to the
///   compacted `eyh.identity.v1`; uncertain pairs to `eyh.review.identity.v1`; and a notice of
///   every merge and split to `eyh.child-events.v1`, under both child ids.
/// - Restores its state from `eyh.identity.v1` whenever it is given partitions: at start, after a
///   rebalance, and after an aborted transaction (the runner then starts a new session, whose
///   assignment restores again, so nothing of the aborted batch lingers).
///
/// Identity is global (any new record may be the same child as any known one), so one resolver
/// instance holds the whole crosswalk and consumes every partition; a second instance in the
/// group would see only part of the stream and is not supported (decision 0014).
public final class ResolverStage: StageTransformation {
    public struct Topics: Sendable {
        public var events = HubTopics.events
        public var decisions = HubTopics.identityDecisions
        public var crosswalk = HubTopics.identity
        public var childEvents = HubTopics.childEvents
        public var reviews = HubTopics.identityReview

        public init() {}

        public var inputs: [String] { [events, decisions] }
    }

    public let topics: Topics
    private let model: LinkageModel
    private let ids: ChildIDMaker
    private let readCrosswalk: @Sendable () async throws(KafkaError) -> [KafkaMessage]
    private let logger: Logger
    private let state: Mutex<Resolver>
    private let counts = Mutex(Counts())

    /// What the stage has decided since it started.
    public struct Counts: Sendable, Hashable {
        public var restores = 0
        public var restoredRecords = 0
        public var byRule: [Resolution.Rule: Int] = [:]
        public var merges = 0
        public var reviews = 0
        public var decisions = 0
    }

    /// - Parameter readCrosswalk: reads the crosswalk topic to its end; see ``TopicSnapshot``.
    public init(model: LinkageModel, ids: ChildIDMaker, topics: Topics = Topics(), logger: Logger,
                readCrosswalk: @escaping @Sendable () async throws(KafkaError) -> [KafkaMessage]) {
        self.model = model
        self.ids = ids
        self.topics = topics
        self.readCrosswalk = readCrosswalk
        self.logger = logger
        state = Mutex(Resolver(model: model, ids: ids))
    }

    /// Reads the crosswalk with ``TopicSnapshot``.
    public convenience init(model: LinkageModel, ids: ChildIDMaker, topics: Topics = Topics(), client: ClientConfiguration, logger: Logger) {
        let crosswalk = topics.crosswalk
        self.init(model: model, ids: ids, topics: topics, logger: logger) { () throws(KafkaError) in
            try await TopicSnapshot.read(crosswalk, client: client, logger: logger)
        }
    }

    public var currentCounts: Counts { counts.withLock { $0 } }

    /// The resolver's state now (for tests and tools).
    public var resolver: Resolver { state.withLock { $0 } }

    public func partitionsAssigned(_ partitions: [TopicPartition]) async throws {
        let messages = try await readCrosswalk()
        // The latest record of each key is its state; a tombstone removes the key.
        var latest: [String: CrosswalkRecord] = [:]
        for message in messages {
            guard let key = message.keyString else { continue }
            guard let value = message.value else {
                latest[key] = nil
                continue
            }
            do {
                latest[key] = try CrosswalkRecord(json: value)
            } catch {
                // An unreadable crosswalk would make the resolver forget children and mint
                // duplicates: refuse to run on it.
                logger.critical("crosswalk record unreadable; the resolver stops", metadata: ["origin": "\(message.origin)"])
                throw ResolverFailure(reason: "the crosswalk record at \(message.origin) is unreadable", rule: "resolver.crosswalk-record")
            }
        }
        let restored = Resolver(model: model, ids: ids, restoring: latest.values)
        state.withLock { $0 = restored }
        counts.withLock {
            $0.restores += 1
            $0.restoredRecords = latest.count
        }
        logger.info("resolver state restored from the crosswalk", metadata: [
            "crosswalk.records": "\(latest.count)", "source_keys": "\(restored.knownSourceKeys)", "partitions": "\(partitions.count)",
        ])
    }

    public func transform(_ message: KafkaMessage) throws -> [ProducerMessage] {
        message.topic == topics.decisions ? try decide(message) : try resolve(message)
    }

    // MARK: Events

    /// The parts of a canonical event the resolver reads.
    struct EventIdentity: Decodable {
        var eventID: String
        var source: Source
        var subject: Subject

        enum CodingKeys: String, CodingKey {
            case eventID = "event_id"
            case source
            case subject
        }
    }

    private func resolve(_ message: KafkaMessage) throws -> [ProducerMessage] {
        guard let value = message.value else {
            throw ResolverFailure(reason: "the record has no value", rule: "resolver.empty-record")
        }
        let event: EventIdentity
        do {
            event = try JSONDecoder().decode(EventIdentity.self, from: Data(value))
        } catch let error as DecodingError {
            throw ResolverFailure(reason: "the value is not a canonical event", rule: "resolver.event-json", fieldPath: error.fieldPath)
        }
        let sourceKey = SourceSubjectKey.derive(source: event.source, subject: event.subject)
        let resolution = state.withLock {
            $0.resolve(sourceKey: sourceKey, source: event.source, subject: event.subject, eventID: event.eventID)
        }
        counts.withLock {
            $0.byRule[resolution.rule, default: 0] += 1
            $0.merges += resolution.merges.count
            $0.reviews += resolution.review == nil ? 0 : 1
        }

        var headers = message.headers.filter { ![IdentityHeader.childID, IdentityHeader.sourceKey, IdentityHeader.rule].contains($0.name) }
        headers += [
            KafkaHeader(name: IdentityHeader.childID, string: resolution.childID),
            KafkaHeader(name: IdentityHeader.sourceKey, string: sourceKey),
            KafkaHeader(name: IdentityHeader.rule, string: resolution.rule.rawValue),
        ]
        var outputs = [ProducerMessage(topic: topics.childEvents, key: Array(resolution.childID.utf8), value: value, headers: headers,
                                       timestampMilliseconds: message.timestampMilliseconds)]
        outputs += try crosswalkMessages(resolution.records)
        if let review = resolution.review {
            let record = ReviewRecord(reviewID: review.reviewID, status: .open, review: review, at: Resolver.now())
            outputs.append(ProducerMessage(topic: topics.reviews, key: Array(review.reviewID.utf8), value: try record.identityJSON()))
        }
        return outputs
    }

    // MARK: Decisions

    private func decide(_ message: KafkaMessage) throws -> [ProducerMessage] {
        guard let value = message.value, let decision = try? JSONDecoder().decode(IdentityDecision.self, from: Data(value)) else {
            throw ResolverFailure(reason: "the value is not an identity decision", rule: "resolver.decision-json")
        }
        let rule = "identity.decision.\(decision.kind.rawValue)"
        let before = state.withLock { $0.childID(ofSourceKey: decision.sourceKey) }
        let records: [CrosswalkRecord]
        do throws(IdentityDecisionError) {
            records = try state.withLock { resolver throws(IdentityDecisionError) in
                switch decision.kind {
                case .unlink:
                    return try resolver.unlink(sourceKey: decision.sourceKey, by: decision.decidedBy, reason: decision.reason, at: decision.decidedAt)
                case .accept, .reject:
                    guard let candidate = decision.candidateSourceKey else {
                        throw IdentityDecisionError(reason: "a review decision needs the candidate's source key")
                    }
                    return decision.kind == .accept
                        ? try resolver.accept(sourceKey: decision.sourceKey, candidateSourceKey: candidate, by: decision.decidedBy,
                                              reason: decision.reason, at: decision.decidedAt)
                        : try resolver.reject(sourceKey: decision.sourceKey, candidateSourceKey: candidate, by: decision.decidedBy,
                                              reason: decision.reason, at: decision.decidedAt)
                }
            }
        } catch {
            throw ResolverFailure(reason: error.reason, rule: rule, fieldPath: "source_key")
        }
        counts.withLock { $0.decisions += 1 }
        logger.notice("identity decision applied", metadata: ["decision": "\(decision.decisionID)", "kind": "\(decision.kind.rawValue)"])

        var outputs = try crosswalkMessages(records)
        if decision.kind == .unlink, let before, case .link(let link)? = records.first {
            outputs += try notice(IdentityNotice(kind: .split, from: before, into: link.childID, sourceKey: decision.sourceKey,
                                                 reason: decision.reason, decidedBy: decision.decidedBy, decidedAt: decision.decidedAt))
        }
        if decision.kind != .unlink {
            let reviewID = decision.reviewID ?? Resolution.Review.id(decision.sourceKey, decision.candidateSourceKey ?? "")
            let record = ReviewRecord(reviewID: reviewID, status: decision.kind == .accept ? .accepted : .rejected,
                                      decidedBy: decision.decidedBy, reason: decision.reason, at: decision.decidedAt)
            outputs.append(ProducerMessage(topic: topics.reviews, key: Array(reviewID.utf8), value: try record.identityJSON()))
        }
        return outputs
    }

    // MARK: Outputs

    /// The crosswalk records, and a notice of each merge under both child ids.
    private func crosswalkMessages(_ records: [CrosswalkRecord]) throws -> [ProducerMessage] {
        var outputs: [ProducerMessage] = []
        for record in records {
            outputs.append(ProducerMessage(topic: topics.crosswalk, key: Array(record.key.utf8), value: try record.json()))
            if case .merge(let merge) = record {
                outputs += try notice(IdentityNotice(kind: .merge, from: merge.from, into: merge.into, sourceKey: nil, reason: merge.reason,
                                                     decidedBy: merge.decidedBy, decidedAt: merge.decidedAt))
            }
        }
        return outputs
    }

    private func notice(_ notice: IdentityNotice) throws -> [ProducerMessage] {
        let value = try notice.identityJSON()
        let headers = [KafkaHeader(name: IdentityHeader.control, string: notice.kind.rawValue)]
        return [notice.from, notice.into].map { ProducerMessage(topic: topics.childEvents, key: Array($0.utf8), value: value, headers: headers) }
    }
}

/// Why the resolver dead-lettered a record or refused to run; no record contents.
public typealias ResolverFailure = StageRejection

extension DecodingError {
    /// The dotted path of the field at fault, without its value.
    public var fieldPath: String? {
        let path: [CodingKey] = switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): context.codingPath
        case .keyNotFound(let key, let context): context.codingPath + [key]
        @unknown default: []
        }
        return path.isEmpty ? nil : path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}
