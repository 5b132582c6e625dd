import EarlyYearsSchema
import Foundation
import HubRuntime
import Identity
import Kafka
import Logging
import Synchronization

/// The correlator stage (`eyhub correlate`): child events and people's alert actions in; alert
/// lifecycle records to `eyh.alerts.v1` and the child's state to the compacted
/// `eyh.state.correlator.v1`, in one transaction with the input offsets.
///
/// - Every alert record is a canonical event of type `multi_service_alert`, keyed by child id, so
///   the router can route it under agreements like any other event.
/// - A merge combines both children's flags under the surviving id (and may raise an alert); a
///   split moves the split source key's records to the new child; corrections and deletes replace
///   or remove a source record's flags.
/// - State is restored from the changelog whenever partitions are assigned. One instance holds
///   every child (a merge joins children of different partitions), as the resolver and router do.
public final class CorrelatorStage: StageTransformation {
    public struct Topics: Sendable {
        public var childEvents = HubTopics.childEvents
        public var actions = HubTopics.alertActions
        public var alerts = HubTopics.alerts
        public var state = HubTopics.state(stage: "correlator")

        public init() {}

        public var inputs: [String] { [childEvents, actions] }
    }

    public let topics: Topics
    public let correlator: Correlator
    private let readState: @Sendable () async throws(KafkaError) -> [KafkaMessage]
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private let children = Mutex(Children())
    private let counts = Mutex(Counts())

    struct Children {
        var states: [String: ChildAlertState] = [:]
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
        public var flagged = 0
        public var alerts: [MultiServiceAlertPayload.State: Int] = [:]
        public var actions = 0
        public var merges = 0
        public var splits = 0
        public var restores = 0
        public var restoredChildren = 0
    }

    public init(correlator: Correlator, topics: Topics = Topics(), logger: Logger, clock: @escaping @Sendable () -> Date = { Date() },
                readState: @escaping @Sendable () async throws(KafkaError) -> [KafkaMessage]) {
        self.correlator = correlator
        self.topics = topics
        self.logger = logger
        self.clock = clock
        self.readState = readState
    }

    public convenience init(correlator: Correlator, topics: Topics = Topics(), client: ClientConfiguration, logger: Logger) {
        let stateTopic = topics.state
        self.init(correlator: correlator, topics: topics, logger: logger) { () throws(KafkaError) in
            try await TopicSnapshot.read(stateTopic, client: client, logger: logger)
        }
    }

    public var currentCounts: Counts { counts.withLock { $0 } }

    public func state(of childID: String) -> ChildAlertState? {
        children.withLock { $0.states[$0.surviving(childID)] }
    }

    struct StateRecord: Codable {
        var state: ChildAlertState?
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
                // Forgetting a child's flags would miss or duplicate alerts: refuse to run on it.
                logger.critical("correlator state record unreadable; the correlator stops", metadata: ["origin": "\(message.origin)"])
                throw StageRejection(reason: "the correlator state record at \(message.origin) is unreadable", rule: "correlator.state-record")
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
        logger.info("correlator state restored", metadata: ["children": "\(count)", "partitions": "\(partitions.count)"])
    }

    public func transform(_ message: KafkaMessage) throws -> [ProducerMessage] {
        if message.topic == topics.actions { return try act(message) }
        if let control = message.headers.string(named: IdentityHeader.control) { return try identity(message, control: control) }
        return try correlate(message)
    }

    private var now: String { clock().formatted(.iso8601) }

    private func correlate(_ message: KafkaMessage) throws -> [ProducerMessage] {
        guard let value = message.value else { throw StageRejection(reason: "the record has no value", rule: "correlator.empty-record") }
        guard let keyed = message.headers.string(named: IdentityHeader.childID) ?? message.keyString, keyed.hasPrefix("ch_") else {
            throw StageRejection(reason: "the record has no hub child id", rule: "correlator.child-id", fieldPath: IdentityHeader.childID)
        }
        let event: EarlyYearsEvent
        let tree: EventTree
        do throws(CanonicalEventReader.Unreadable) {
            (event, tree) = try CanonicalEventReader.read(value)
        } catch {
            throw StageRejection(reason: "the value is not a canonical event", rule: "correlator.event-json", fieldPath: error.fieldPath)
        }
        let at = now
        let sourceKey = message.headers.string(named: IdentityHeader.sourceKey)
        let (childID, before) = children.withLock { ($0.surviving(keyed), $0.states[$0.surviving(keyed)] ?? ChildAlertState()) }
        var state = before
        let changes = correlator.apply(event, tree: tree, childID: childID, sourceKey: sourceKey, state: &state, at: at)
        var outputs = try changes.map { try alertMessage($0, childID: childID, state: state, origin: message.origin, at: at) }
        if state != before { outputs.append(try stateMessage(childID, state)) }
        children.withLock { $0.states[childID] = state.isEmpty ? nil : state }
        counts.withLock { counts in
            counts.events += 1
            if state.records != before.records { counts.flagged += 1 }
            for change in changes { counts.alerts[change.state, default: 0] += 1 }
        }
        for change in changes {
            logger.notice("alert \(change.state.rawValue)", metadata: [
                "alert_id": "\(change.alertID)", "child_id": "\(childID)", "severity": "\(change.severity.rawValue)", "origin": "\(message.origin)",
            ])
        }
        return outputs
    }

    private func act(_ message: KafkaMessage) throws -> [ProducerMessage] {
        guard let value = message.value, let action = try? JSONDecoder().decode(AlertAction.self, from: Data(value)) else {
            throw StageRejection(reason: "the value is not an alert action", rule: "correlator.action-json")
        }
        let at = now
        let (childID, before) = children.withLock { ($0.surviving(action.childID), $0.states[$0.surviving(action.childID)] ?? ChildAlertState()) }
        var state = before
        let change: MultiServiceAlertPayload
        do throws(Correlator.ActionRefused) {
            change = try correlator.act(action, state: &state)
        } catch {
            throw StageRejection(reason: error.reason, rule: "correlator.action-refused", fieldPath: "alert_id")
        }
        let outputs = [try alertMessage(change, childID: childID, state: state, origin: message.origin, at: at), try stateMessage(childID, state)]
        children.withLock { $0.states[childID] = state }
        counts.withLock {
            $0.actions += 1
            $0.alerts[change.state, default: 0] += 1
        }
        logger.notice("alert \(change.state.rawValue) by a person", metadata: ["alert_id": "\(change.alertID)", "action_id": "\(action.actionID)"])
        return outputs
    }

    private func identity(_ message: KafkaMessage, control: String) throws -> [ProducerMessage] {
        guard let value = message.value, let notice = try? JSONDecoder().decode(IdentityNotice.self, from: Data(value)),
              notice.kind.rawValue == control else {
            throw StageRejection(reason: "the control record is not an identity notice", rule: "correlator.identity-notice", fieldPath: IdentityHeader.control)
        }
        let key = message.keyString
        let at = now
        switch notice.kind {
        case .merge:
            guard key == notice.into else { return [] }
            let result = children.withLock { children -> (String, String, ChildAlertState, ChildAlertState, MultiServiceAlertPayload?, MultiServiceAlertPayload?)? in
                let from = children.surviving(notice.from)
                let into = children.surviving(notice.into)
                guard from != into else { return nil }
                var fromState = children.states[from] ?? ChildAlertState()
                var intoState = children.states[into] ?? ChildAlertState()
                let (withdrawn, raised) = correlator.merge(from: &fromState, fromID: from, into: &intoState, intoID: into, at: at)
                children.states[from] = nil
                children.states[into] = intoState
                children.aliases[from] = into
                return (from, into, fromState, intoState, withdrawn, raised)
            }
            guard let (from, into, fromState, intoState, withdrawn, raised) = result else { return [] }
            counts.withLock { $0.merges += 1 }
            var outputs: [ProducerMessage] = []
            if let withdrawn { outputs.append(try alertMessage(withdrawn, childID: from, state: fromState, origin: message.origin, at: at)) }
            if let raised { outputs.append(try alertMessage(raised, childID: into, state: intoState, origin: message.origin, at: at)) }
            outputs.append(try stateMessage(into, intoState))
            outputs.append(ProducerMessage(topic: topics.state, key: Array(from.utf8), value: try Self.json(StateRecord(mergedInto: into))))
            return outputs
        case .split:
            guard key == notice.from, let sourceKey = notice.sourceKey else { return [] }
            let (from, fromState, intoState, changes) = children.withLock { children in
                let from = children.surviving(notice.from)
                var fromState = children.states[from] ?? ChildAlertState()
                var intoState = children.states[notice.into] ?? ChildAlertState()
                let changes = correlator.split(from: &fromState, fromID: from, into: &intoState, intoID: notice.into, sourceKey: sourceKey, at: at)
                children.states[from] = fromState
                children.states[notice.into] = intoState
                return (from, fromState, intoState, changes)
            }
            counts.withLock { $0.splits += 1 }
            var outputs: [ProducerMessage] = []
            for change in changes {
                let onFrom = fromState.alert?.alertID == change.alertID
                outputs.append(try alertMessage(change, childID: onFrom ? from : notice.into, state: onFrom ? fromState : intoState, origin: message.origin, at: at))
            }
            outputs.append(try stateMessage(from, fromState))
            outputs.append(try stateMessage(notice.into, intoState))
            return outputs
        }
    }

    /// The alert record as a canonical event: the identifying details of the latest record that
    /// flags (the router minimises them per agreement), the evidence's longest retention.
    func alertMessage(_ alert: MultiServiceAlertPayload, childID: String, state: ChildAlertState, origin: String, at: String) throws -> ProducerMessage {
        let evidence = Set(alert.services.flatMap { $0.flags.map(\.evidenceEventID) })
        let records = state.records.values.filter { $0.flags.contains { evidence.contains($0.eventID) } }
        let latest = records.max { $0.recordedAt < $1.recordedAt }
        let subject = latest?.subject ?? state.records.values.compactMap(\.subject).first ?? Subject(localIDs: [.init(system: "eyhub", value: childID)])
        let rules = correlator.rules
        let system = "eyhub correlator"
        let event = EarlyYearsEvent(
            eventID: EventID.derive(system: system, orgCode: "eyhub", recordID: alert.alertID, recordVersion: String(alert.sequence), content: [],
                                    eventType: .multiServiceAlert),
            action: alert.state == .withdrawn ? .delete : (alert.sequence == 1 ? .new : .update),
            occurredAt: alert.sequence == 1 ? "\(alert.raisedOn)T00:00:00Z" : at, recordedAt: at,
            source: Source(orgType: .integrationHub, orgCode: "eyhub", orgName: "Early Years Hub", system: system, recordID: alert.alertID,
                           recordVersion: String(alert.sequence)),
            subject: subject, lawfulBasis: rules.correlation.lawfulBasis, specialCategory: true,
            retainUntil: records.compactMap(\.retainUntil).max(),
            provenance: Provenance(adapter: "eyhub-correlator", mappingID: rules.id, mappingVersion: rules.version, origin: origin, receivedAt: at),
            payload: .multiServiceAlert(alert))
        let headers = [
            KafkaHeader(name: IdentityHeader.childID, string: childID),
            KafkaHeader(name: IdentityHeader.sourceKey, string: "eyhub/correlator/\(alert.alertID)"),
            KafkaHeader(name: AlertHeader.alertID, string: alert.alertID),
            KafkaHeader(name: AlertHeader.state, string: alert.state.rawValue),
        ]
        return ProducerMessage(topic: topics.alerts, key: Array(childID.utf8), value: try event.canonicalJSON(), headers: headers)
    }

    private func stateMessage(_ childID: String, _ state: ChildAlertState) throws -> ProducerMessage {
        ProducerMessage(topic: topics.state, key: Array(childID.utf8), value: state.isEmpty ? nil : try Self.json(StateRecord(state: state)))
    }

    static func json(_ value: some Encodable) throws -> [UInt8] { Array(try EarlyYearsEvent.encoder().encode(value)) }
}

/// Headers of alert records, so tools can follow alerts without parsing every value.
public enum AlertHeader {
    public static let alertID = "eyh.alert_id"
    public static let state = "eyh.alert_state"
}
