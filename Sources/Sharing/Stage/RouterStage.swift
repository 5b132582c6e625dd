import Audit
import EarlyYearsSchema
import Foundation
import HubRuntime
import Identity
import Kafka
import Logging
import Synchronization

/// The router stage (`eyhub route`): child events in; to each permitted recipient's topic a
/// minimised copy; to `eyh.audit.v1` one entry per record sent; and the child's sharing state to
/// the compacted `eyh.state.router.v1`, all in one transaction.
///
/// - Reads `eyh.child-events.v1` (events, and the resolver's identity merge and split notices)
///   and people's sharing decisions on `eyh.sharing-decisions.v1` (objections, seals, overrides).
/// - An identity merge combines the two children's state under the surviving id, and records an
///   alias so that the old id's late events land there too; a split moves the records of the
///   split source key, with whoever received them, to the new child.
/// - Restores its state from `eyh.state.router.v1` whenever it is given partitions.
///
/// One instance holds every child's state (a merge joins children of different partitions), as
/// the resolver does; decision 0016.
public final class RouterStage: StageTransformation {
    public struct Topics: Sendable {
        public var childEvents = HubTopics.childEvents
        public var decisions = HubTopics.sharingDecisions
        public var state = HubTopics.state(stage: "router")
        public var audit = HubTopics.audit

        public init() {}

        public var inputs: [String] { [childEvents, decisions] }
    }

    public let topics: Topics
    private let router: Router
    private let readState: @Sendable () async throws(KafkaError) -> [KafkaMessage]
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private let children = Mutex(Children())
    private let counts = Mutex(Counts())

    struct Children {
        var states: [String: ChildSharingState] = [:]
        /// Merged child id → the id it was merged into.
        var aliases: [String: String] = [:]

        func surviving(_ id: String) -> String {
            var id = id
            var seen: Set<String> = []
            while let next = aliases[id], seen.insert(id).inserted { id = next }
            return id
        }
    }

    /// What the stage has done since it started.
    public struct Counts: Sendable, Hashable {
        public var events = 0
        public var shared: [AuditEntry.Kind: Int] = [:]
        public var permitsByRecipient: [String: Int] = [:]
        public var deniesByRecipient: [String: Int] = [:]
        public var denials: [Router.Denial: Int] = [:]
        public var expired = 0
        public var merges = 0
        public var splits = 0
        public var decisions = 0
        public var restores = 0
        public var restoredChildren = 0
    }

    public init(router: Router, topics: Topics = Topics(), logger: Logger, clock: @escaping @Sendable () -> Date = { Date() },
                readState: @escaping @Sendable () async throws(KafkaError) -> [KafkaMessage]) {
        self.router = router
        self.topics = topics
        self.logger = logger
        self.clock = clock
        self.readState = readState
    }

    public convenience init(router: Router, topics: Topics = Topics(), client: ClientConfiguration, logger: Logger) {
        let stateTopic = topics.state
        self.init(router: router, topics: topics, logger: logger) { () throws(KafkaError) in
            try await TopicSnapshot.read(stateTopic, client: client, logger: logger)
        }
    }

    public var currentCounts: Counts { counts.withLock { $0 } }

    /// The sharing state of a child now (for tests and tools).
    public func state(of childID: String) -> ChildSharingState? {
        children.withLock { $0.states[$0.surviving(childID)] }
    }

    /// A record of the state topic: a child's state, or that the child was merged into another.
    struct StateRecord: Codable {
        var state: ChildSharingState?
        var mergedInto: String?

        enum CodingKeys: String, CodingKey {
            case state
            case mergedInto = "merged_into"
        }
    }

    public func partitionsAssigned(_ partitions: [TopicPartition]) async throws {
        let messages = try await readState()
        var restored = Children()
        for message in messages {
            guard let key = message.keyString else { continue }
            guard let value = message.value else {
                restored.states[key] = nil
                restored.aliases[key] = nil
                continue
            }
            guard let record = try? JSONDecoder().decode(StateRecord.self, from: Data(value)) else {
                // Forgetting a child's state would forget who received its records, and corrections
                // would not reach them: refuse to run on it.
                logger.critical("router state record unreadable; the router stops", metadata: ["origin": "\(message.origin)"])
                throw RouterFailure(reason: "the router state record at \(message.origin) is unreadable", rule: "router.state-record")
            }
            restored.states[key] = record.state
            restored.aliases[key] = record.mergedInto
        }
        let count = restored.states.count
        children.withLock { $0 = restored }
        counts.withLock {
            $0.restores += 1
            $0.restoredChildren = count
        }
        logger.info("router state restored", metadata: ["children": "\(count)", "partitions": "\(partitions.count)"])
    }

    /// The control header value of a retention sweep request on the decisions topic.
    public static let retentionSweepControl = "retention-sweep"

    /// A request for a retention sweep: every record past its `retain_until` before `as_of` is
    /// forgotten, and whoever holds it is sent a retention deletion.
    public struct SweepRequest: Sendable, Codable {
        public var asOf: String
        public var requestedBy: String

        public init(asOf: String, requestedBy: String) {
            self.asOf = asOf
            self.requestedBy = requestedBy
        }

        enum CodingKeys: String, CodingKey {
            case asOf = "as_of"
            case requestedBy = "requested_by"
        }
    }

    public func transform(_ message: KafkaMessage) throws -> [ProducerMessage] {
        if message.topic == topics.decisions, message.headers.string(named: IdentityHeader.control) == Self.retentionSweepControl {
            return try sweep(message)
        }
        if message.topic == topics.decisions { return try decide(message) }
        if let control = message.headers.string(named: IdentityHeader.control) { return try identity(message, control: control) }
        return try route(message)
    }

    // MARK: Events

    private func route(_ message: KafkaMessage) throws -> [ProducerMessage] {
        guard let value = message.value else { throw RouterFailure(reason: "the record has no value", rule: "router.empty-record") }
        guard let keyed = message.headers.string(named: IdentityHeader.childID) ?? message.keyString, keyed.hasPrefix("ch_") else {
            throw RouterFailure(reason: "the record has no hub child id", rule: "router.child-id", fieldPath: IdentityHeader.childID)
        }
        let event: EarlyYearsEvent
        let tree: EventTree
        do throws(CanonicalEventReader.Unreadable) {
            (event, tree) = try CanonicalEventReader.read(value)
        } catch {
            throw RouterFailure(reason: "the value is not a canonical event", rule: "router.event-json", fieldPath: error.fieldPath)
        }
        let now = clock()
        let at = now.formatted(.iso8601)
        let today = String(at.prefix(10))
        let sourceKey = message.headers.string(named: IdentityHeader.sourceKey)

        let (childID, before) = children.withLock { children in
            let id = children.surviving(keyed)
            return (id, children.states[id] ?? ChildSharingState())
        }
        var state = before
        let outcome = try router.route(event, tree: tree, childID: childID, sourceKey: sourceKey, state: &state, today: today, at: at)

        var outputs = try messages(for: outcome.shared, childID: childID)
        if state != before { outputs.append(try stateMessage(childID, state)) }
        children.withLock { $0.states[childID] = state.isEmpty ? nil : state }
        counts.withLock { counts in
            counts.events += 1
            if outcome.expired { counts.expired += 1 }
            for shared in outcome.shared {
                counts.shared[shared.kind, default: 0] += 1
                if shared.kind == .disclosure || shared.kind == .correction { counts.permitsByRecipient[shared.recipient.id, default: 0] += 1 }
            }
            for (recipient, denial) in outcome.denied {
                counts.deniesByRecipient[recipient, default: 0] += 1
                counts.denials[denial, default: 0] += 1
            }
        }
        return outputs
    }

    private func sweep(_ message: KafkaMessage) throws -> [ProducerMessage] {
        guard let value = message.value, let request = try? JSONDecoder().decode(SweepRequest.self, from: Data(value)),
              request.asOf.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil else {
            throw RouterFailure(reason: "the value is not a retention sweep request", rule: "router.sweep-json")
        }
        let at = clock().formatted(.iso8601)
        // The state before, so that a failure part way leaves it untouched.
        let before = children.withLock { $0.states }
        var after = before
        var outputs: [ProducerMessage] = []
        var deletions = 0
        for (childID, state) in before.sorted(by: { $0.key < $1.key }) {
            var swept = state
            let shared = try router.sweep(&swept, childID: childID, today: request.asOf, at: at)
            guard swept != state else { continue }
            outputs += try messages(for: shared, childID: childID)
            outputs.append(try stateMessage(childID, swept))
            after[childID] = swept.isEmpty ? nil : swept
            deletions += shared.count
        }
        children.withLock { $0.states = after }
        counts.withLock { $0.shared[.retentionDeletion, default: 0] += deletions }
        logger.notice("retention sweep", metadata: ["as_of": "\(request.asOf)", "deletions": "\(deletions)"])
        return outputs
    }

    /// Each record for its recipient's topic, with the provenance headers, and its audit entry.
    private func messages(for shared: [Router.Shared], childID: String) throws -> [ProducerMessage] {
        var outputs: [ProducerMessage] = []
        for shared in shared {
            let headers = [
                KafkaHeader(name: ShareHeader.agreementID, string: shared.entry.agreementID),
                KafkaHeader(name: ShareHeader.agreementVersion, string: shared.entry.agreementVersion),
                KafkaHeader(name: ShareHeader.purpose, string: shared.entry.purpose),
                KafkaHeader(name: ShareHeader.decisionID, string: shared.entry.decisionID),
                KafkaHeader(name: ShareHeader.auditEntryID, string: shared.entry.entryID),
                KafkaHeader(name: ShareHeader.kind, string: shared.kind.rawValue),
                KafkaHeader(name: ShareHeader.childID, string: childID),
                KafkaHeader(name: ShareHeader.recordKey, string: shared.recordKey),
            ]
            outputs.append(ProducerMessage(topic: shared.topic, key: Array(childID.utf8), value: shared.value, headers: headers))
            outputs.append(ProducerMessage(topic: topics.audit, key: Array(childID.utf8), value: try shared.entry.leafBytes()))
        }
        return outputs
    }

    // MARK: Identity

    private func identity(_ message: KafkaMessage, control: String) throws -> [ProducerMessage] {
        guard let value = message.value, let notice = try? JSONDecoder().decode(IdentityNotice.self, from: Data(value)),
              notice.kind.rawValue == control else {
            throw RouterFailure(reason: "the control record is not an identity notice", rule: "router.identity-notice", fieldPath: IdentityHeader.control)
        }
        let key = message.keyString
        switch notice.kind {
        case .merge:
            // Written under both ids; applied once, from the copy under the surviving id.
            guard key == notice.into else { return [] }
            let (into, merged) = children.withLock { children -> (String, ChildSharingState) in
                let from = children.surviving(notice.from)
                let into = children.surviving(notice.into)
                guard from != into else { return (into, children.states[into] ?? ChildSharingState()) }
                var merged = children.states[into] ?? ChildSharingState()
                merged.absorb(children.states[from] ?? ChildSharingState())
                children.states[into] = merged
                children.states[from] = nil
                children.aliases[from] = into
                return (into, merged)
            }
            counts.withLock { $0.merges += 1 }
            logger.notice("identity merge applied to sharing state", metadata: ["from": "\(notice.from)", "into": "\(into)"])
            return [
                try stateMessage(into, merged),
                ProducerMessage(topic: topics.state, key: Array(notice.from.utf8), value: try Self.json(StateRecord(mergedInto: into))),
            ]
        case .split:
            guard key == notice.from, let sourceKey = notice.sourceKey else { return [] }
            let (from, kept, moved) = children.withLock { children -> (String, ChildSharingState, ChildSharingState) in
                let from = children.surviving(notice.from)
                var kept = children.states[from] ?? ChildSharingState()
                var moved = children.states[notice.into] ?? ChildSharingState()
                moved.absorb(kept.remove(sourceKey: sourceKey))
                children.states[from] = kept
                children.states[notice.into] = moved
                return (from, kept, moved)
            }
            counts.withLock { $0.splits += 1 }
            logger.notice("identity split applied to sharing state", metadata: ["from": "\(from)", "into": "\(notice.into)"])
            return [try stateMessage(from, kept), try stateMessage(notice.into, moved)]
        }
    }

    // MARK: Decisions

    private func decide(_ message: KafkaMessage) throws -> [ProducerMessage] {
        guard let value = message.value, let decision = try? JSONDecoder().decode(SharingDecision.self, from: Data(value)) else {
            throw RouterFailure(reason: "the value is not a sharing decision", rule: "router.decision-json")
        }
        guard decision.childID.hasPrefix("ch_") else {
            throw RouterFailure(reason: "the decision names no hub child id", rule: "router.decision-child", fieldPath: "child_id")
        }
        if decision.kind == .safeguardingOverride || decision.kind == .revokeOverride {
            guard let id = decision.agreementID, let agreement = router.agreements.first(where: { $0.id == id }) else {
                throw RouterFailure(reason: "an override names an agreement the router has", rule: "router.override-agreement", fieldPath: "agreement_id")
            }
            guard agreement.purpose.safeguarding else {
                throw RouterFailure(reason: "an override applies only to an agreement whose purpose is safeguarding",
                                    rule: "router.override-not-safeguarding", fieldPath: "agreement_id")
            }
        }
        guard !decision.reason.trimmingCharacters(in: .whitespaces).isEmpty, !decision.decidedBy.isEmpty else {
            throw RouterFailure(reason: "a sharing decision records who made it and why", rule: "router.decision-reason", fieldPath: "reason")
        }
        let (childID, state) = children.withLock { children -> (String, ChildSharingState) in
            let id = children.surviving(decision.childID)
            var state = children.states[id] ?? ChildSharingState()
            decision.apply(to: &state.restrictions)
            children.states[id] = state
            return (id, state)
        }
        counts.withLock { $0.decisions += 1 }
        logger.notice("sharing decision applied", metadata: ["decision": "\(decision.decisionID)", "kind": "\(decision.kind.rawValue)"])
        return [try stateMessage(childID, state)]
    }

    private func stateMessage(_ childID: String, _ state: ChildSharingState) throws -> ProducerMessage {
        ProducerMessage(topic: topics.state, key: Array(childID.utf8), value: state.isEmpty ? nil : try Self.stateJSON(state))
    }

    /// What `JSONEncoder` writes for `StateRecord(state:)`, made from the state's tree.
    static func stateJSON(_ state: ChildSharingState) throws -> [UInt8] {
        try EventTree.object(EventObject(["state": state.tree])).json(style: .encoder)
    }

    static func json(_ value: some Encodable) throws -> [UInt8] { Array(try EarlyYearsEvent.encoder().encode(value)) }
}

/// Why the router dead-lettered a record or refused to run; no record contents.
public typealias RouterFailure = StageRejection
