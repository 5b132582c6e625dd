import Audit
import Crypto
import EarlyYearsSchema
import Foundation
import HubRuntime

/// The router's decisions, with no I/O: for one event of one child, which recipients may have it,
/// what each receives, and the audit entry for each record sent.
///
/// A recipient receives an event only when all of these hold (deny by default):
/// - an agreement in force today names the recipient and the event type (and, if it says so, the
///   kind of source);
/// - the child's record is not sealed;
/// - special category data goes only under an agreement with an Art 9 condition;
/// - a parent's objection, or a refusal of consent on the event itself, stops everything except a
///   safeguarding agreement, and under an objection even that needs a person's override;
/// - the recipient has one of the agreement's relationships with the child;
/// - the record has not passed its `retain_until` date.
///
/// A recipient that received an earlier version of a record is sent the new version as a
/// correction, or, when it may no longer have it (the record was deleted, expired, or the
/// permission ended), a retraction.
public struct Router: Sendable {
    public let agreements: [Agreement]
    /// Every recipient of every agreement, by id (the first agreement's description of each).
    public let recipients: [String: Agreement.Recipient]
    /// For each event type, each agreement and recipient that names it, in agreement order.
    private let groups: [EventType: [RecipientGroup]]

    /// The candidates of one event type for one recipient (as one agreement describes it), in
    /// agreement order: its relationship with a child is worked out once for all of them.
    final class RecipientGroup: Sendable {
        let recipient: Agreement.Recipient
        let candidates: [Candidate]

        init(recipient: Agreement.Recipient, candidates: [Candidate]) {
            self.recipient = recipient
            self.candidates = candidates
        }
    }

    /// A class, so that walking the candidates of an event copies one reference each, not every
    /// member of an agreement.
    final class Candidate: Sendable {
        let agreement: Agreement
        let recipient: Agreement.Recipient
        let shares: [Agreement.Share]
        let minimiser: Minimiser

        // What every decision reads, kept apart so that reading it copies no agreement.
        let agreementID: String
        let validFrom: String
        let validUntil: String
        let safeguarding: Bool
        let hasArticle9: Bool
        let sources: [Source.OrgType]?

        init(agreement: Agreement, recipient: Agreement.Recipient, shares: [Agreement.Share], minimiser: Minimiser) {
            self.agreement = agreement
            self.recipient = recipient
            self.shares = shares
            self.minimiser = minimiser
            agreementID = agreement.id
            validFrom = agreement.validFrom
            validUntil = agreement.validUntil
            safeguarding = agreement.purpose.safeguarding
            hasArticle9 = agreement.lawfulBasis.article9 != nil
            sources = shares.first?.sources
        }

        func isValid(on day: String) -> Bool { validFrom <= day && day <= validUntil }
    }

    /// - Parameter agreements: checked agreements (``PolicyChecker``); among several that permit
    ///   the same recipient an event, the first by id is the one used and audited.
    public init(agreements: [Agreement]) {
        self.agreements = agreements.sorted { ($0.id, $0.version) < ($1.id, $1.version) }
        var candidates: [EventType: [Candidate]] = [:]
        var recipients: [String: Agreement.Recipient] = [:]
        for agreement in self.agreements {
            for recipient in agreement.recipients {
                if recipients[recipient.id] == nil { recipients[recipient.id] = recipient }
                for type in EventType.allCases {
                    let shares = agreement.shares(for: recipient.id, of: type)
                    guard !shares.isEmpty else { continue }
                    candidates[type, default: []].append(Candidate(
                        agreement: agreement, recipient: recipient, shares: shares, minimiser: Minimiser(fields: shares.flatMap(\.fields))))
                }
            }
        }
        var groups: [EventType: [RecipientGroup]] = [:]
        for (type, list) in candidates {
            var order: [Agreement.Recipient] = []
            var byRecipient: [Agreement.Recipient: [Candidate]] = [:]
            for candidate in list {
                if byRecipient[candidate.recipient] == nil { order.append(candidate.recipient) }
                byRecipient[candidate.recipient, default: []].append(candidate)
            }
            groups[type] = order.map { RecipientGroup(recipient: $0, candidates: byRecipient[$0]!) }
        }
        self.groups = groups
        self.recipients = recipients
    }

    /// One record for one recipient, and its audit entry.
    public struct Shared: Sendable, Hashable {
        public var recipient: Agreement.Recipient
        public var topic: String
        public var kind: AuditEntry.Kind
        /// The record's JSON as the recipient receives it.
        public var value: [UInt8]
        public var entry: AuditEntry
        public var recordKey: String
    }

    /// Why a recipient named for the event by an agreement did not receive it.
    public enum Denial: String, Sendable, Hashable, CaseIterable {
        case sealed
        case noArticle9Condition = "no_article_9_condition"
        case objection
        case consentRefused = "consent_refused"
        case noRelationship = "no_relationship"
        case sourceNotCovered = "source_not_covered"
        case expired
    }

    public struct Outcome: Sendable, Hashable {
        public var shared: [Shared] = []
        /// Recipient id → why it was denied (only recipients some agreement names for the event type).
        public var denied: [String: Denial] = [:]
        /// The record was past its retention date and was not routed.
        public var expired = false
    }

    /// The record key of an event's source record: a digest of system, organisation and record id.
    public static func recordKey(_ source: Source) -> String {
        let digest = SHA256.hash(data: Array("\(source.system)\u{1F}\(source.orgCode)\u{1F}\(source.recordID)".utf8))
        return "rk_" + hex(digest.prefix(16))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var text = ""
        for byte in bytes {
            text += byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }
        return text
    }

    /// Routes one event of `childID`, updating the child's state: its relationships first (so an
    /// enrolment reaches the setting it enrols the child in), then who received the record.
    ///
    /// - Parameters:
    ///   - tree: the event's own tree (``EarlyYearsEvent/tree()``).
    ///   - today: `yyyy-MM-dd`, for agreement validity, relationships and retention.
    ///   - at: RFC 3339, the decision time written in audit entries.
    public func route(
        _ event: EarlyYearsEvent, tree: EventTree, childID: String, sourceKey: String?, state: inout ChildSharingState,
        today: String, at: String
    ) throws -> Outcome {
        let recordKey = Self.recordKey(event.source)
        let previously = state.disclosures[recordKey] ?? [:]
        var outcome = Outcome()
        let expired = event.retainUntil.map { $0 < today } ?? false
        state.apply(event, recordKey: recordKey, sourceKey: sourceKey, removing: event.action == .delete || expired)

        var permitted: [String: (Candidate, String?)] = [:]
        if event.action != .delete, !expired {
            let connections = ChildSharingState.Connections(state, today: today)
            for group in groups[event.eventType] ?? [] where permitted[group.recipient.id] == nil {
                let id = group.recipient.id
                var related: Bool?
                let isRelated = { () -> Bool in
                    if let related { return related }
                    let answer = connections.relationship(of: group.recipient) != nil
                    related = answer
                    return answer
                }
                for candidate in group.candidates where candidate.isValid(on: today) {
                    switch decide(event, candidate, state: state, related: isRelated) {
                    case .success(let overrideReason):
                        permitted[id] = (candidate, overrideReason)
                        outcome.denied[id] = nil
                    case .failure(let denial):
                        if outcome.denied[id] == nil { outcome.denied[id] = denial.denial }
                    }
                    if permitted[id] != nil { break }
                }
            }
        } else if expired {
            outcome.expired = true
        }

        for (id, (candidate, overrideReason)) in permitted.sorted(by: { $0.key < $1.key }) {
            let (agreement, recipient, minimiser) = (candidate.agreement, candidate.recipient, candidate.minimiser)
            let sent = minimiser.minimise(tree)
            let kind: AuditEntry.Kind = previously[id] == nil ? .disclosure : .correction
            outcome.shared.append(try record(
                kind: kind, value: try sent.json(style: .encoder), fields: minimiser.sentFields(sent), eventID: event.eventID,
                eventType: event.eventType, agreement: agreement,
                recipient: recipient, childID: childID, recordKey: recordKey, at: at, overrideReason: overrideReason))
            state.disclosures[recordKey, default: [:]][id] = .init(agreementID: agreement.id, agreementVersion: agreement.version, eventID: event.eventID)
        }

        // Everyone who had an earlier version and may not have this one is told to delete it,
        // under the agreement they received it under, even if that agreement has since ended.
        for (id, disclosed) in previously.sorted(by: { $0.key < $1.key }) where permitted[id] == nil {
            guard let agreement = agreements.first(where: { $0.id == disclosed.agreementID && $0.version == disclosed.agreementVersion })
                    ?? agreements.first(where: { $0.id == disclosed.agreementID }),
                  let recipient = agreement.recipients.first(where: { $0.id == id }) ?? recipients[id] else { continue }
            let kind: AuditEntry.Kind = expired ? .retentionDeletion : .retraction
            outcome.shared.append(try retraction(kind: kind, eventID: event.eventID, eventType: event.eventType, agreement: agreement,
                                                 recipient: recipient, childID: childID, recordKey: recordKey, at: at))
            state.disclosures[recordKey]?[id] = nil
        }
        if state.disclosures[recordKey]?.isEmpty == true { state.disclosures[recordKey] = nil }
        return outcome
    }

    func decide(
        _ event: EarlyYearsEvent, _ candidate: Candidate, state: ChildSharingState, related: () -> Bool
    ) -> Result<String?, DenialError> {
        if state.restrictions.sealed != nil { return .failure(.init(.sealed)) }
        if let sources = candidate.sources, !sources.contains(event.source.orgType) { return .failure(.init(.sourceNotCovered)) }
        if event.specialCategory, !candidate.hasArticle9 { return .failure(.init(.noArticle9Condition)) }
        var overrideReason: String?
        if state.restrictions.objection != nil {
            guard candidate.safeguarding, let override = state.restrictions.overrides[candidate.agreementID] else { return .failure(.init(.objection)) }
            overrideReason = override.reason
        }
        if event.parentalConsent == .refused, !candidate.safeguarding { return .failure(.init(.consentRefused)) }
        guard related() else { return .failure(.init(.noRelationship)) }
        return .success(overrideReason)
    }

    struct DenialError: Error {
        let denial: Denial
        init(_ denial: Denial) { self.denial = denial }
    }

    /// What a recipient told to delete a record receives: which record, and nothing else.
    func retraction(
        kind: AuditEntry.Kind, eventID: String, eventType: EventType, agreement: Agreement, recipient: Agreement.Recipient, childID: String,
        recordKey: String, at: String
    ) throws -> Shared {
        let body = EventTree.object([
            "action": .string(Action.delete.rawValue),
            "event_id": .string(eventID),
            "event_type": .string(eventType.rawValue),
            "record_key": .string(recordKey),
            "schema_version": .string(EarlyYearsEvent.schemaVersion),
        ])
        return try record(kind: kind, value: try body.json(style: .encoder), fields: Minimiser(fields: []).sentFields(body), eventID: eventID,
                          eventType: eventType, agreement: agreement, recipient: recipient, childID: childID, recordKey: recordKey, at: at,
                          overrideReason: nil)
    }

    /// The retention sweep for one child: every record past its `retain_until` on `today` is
    /// forgotten, and each recipient holding it is sent a retention deletion.
    public func sweep(_ state: inout ChildSharingState, childID: String, today: String, at: String) throws -> [Shared] {
        var shared: [Shared] = []
        for (recordKey, info) in state.records.sorted(by: { $0.key < $1.key }) where (info.retainUntil ?? "9999-12-31") < today {
            for (id, disclosed) in (state.disclosures[recordKey] ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let agreement = agreements.first(where: { $0.id == disclosed.agreementID && $0.version == disclosed.agreementVersion })
                        ?? agreements.first(where: { $0.id == disclosed.agreementID }),
                      let recipient = agreement.recipients.first(where: { $0.id == id }) ?? recipients[id] else { continue }
                shared.append(try retraction(kind: .retentionDeletion, eventID: disclosed.eventID, eventType: info.eventType, agreement: agreement,
                                             recipient: recipient, childID: childID, recordKey: recordKey, at: at))
            }
            state.disclosures[recordKey] = nil
            state.apply(removingRecord: recordKey)
        }
        return shared
    }

    func record(
        kind: AuditEntry.Kind, value: [UInt8], fields: [String], eventID: String, eventType: EventType, agreement: Agreement,
        recipient: Agreement.Recipient, childID: String, recordKey: String, at: String, overrideReason: String?
    ) throws -> Shared {
        let topic = recipient.topic ?? HubTopics.share(recipient: recipient.id)
        let decision = Self.hex(SHA256.hash(data: Array(
            "\(eventID)\u{1F}\(recipient.id)\u{1F}\(agreement.id)\u{1F}\(agreement.version)\u{1F}\(kind.rawValue)".utf8)).prefix(16))
        let entry = AuditEntry(
            entryID: "au_" + Self.hex(SHA256.hash(data: Array("entry\u{1F}\(decision)".utf8)).prefix(16)), kind: kind, at: at,
            recipient: recipient.id, recipientName: recipient.name, recipientOrganisation: recipient.organisation, topic: topic,
            agreementID: agreement.id, agreementVersion: agreement.version, purpose: agreement.purpose.code,
            purposeDescription: agreement.purpose.description, article6: agreement.lawfulBasis.article6.rawValue,
            article9: agreement.lawfulBasis.article9?.rawValue, dpaSchedule1Paragraph: agreement.lawfulBasis.dpaSchedule1Paragraph,
            decisionID: "dc_" + decision, childKey: childID, recordKey: recordKey, eventID: eventID,
            eventType: eventType.rawValue, fields: fields, payloadSHA256: Self.hex(SHA256.hash(data: value)), overrideReason: overrideReason)
        return Shared(recipient: recipient, topic: topic, kind: kind, value: value, entry: entry, recordKey: recordKey)
    }
}

extension ChildSharingState {
    mutating func apply(removingRecord recordKey: String) {
        records[recordKey] = nil
        enrolments[recordKey] = nil
        openCases[recordKey] = nil
        referrals[recordKey] = nil
    }

    /// Updates relationships and the record list from one event.
    mutating func apply(_ event: EarlyYearsEvent, recordKey: String, sourceKey: String?, removing: Bool) {
        if removing {
            apply(removingRecord: recordKey)
            return
        }
        records[recordKey] = RecordInfo(organisation: event.source.orgCode, sourceKey: sourceKey, retainUntil: event.retainUntil,
                                        eventID: event.eventID, eventType: event.eventType)
        if let postcode = event.subject.postcode, event.occurredAt >= (postcodeAt ?? "") {
            self.postcode = Postcode.normalise(postcode)
            postcodeAt = event.occurredAt
        }
        switch event.payload {
        case .enrolment(let enrolment):
            enrolments[recordKey] = Enrolment(settingURN: enrolment.settingURN, startDate: enrolment.startDate, endDate: enrolment.endDate)
        case .earlyHelpEpisode(let episode):
            openCases[recordKey] = episode.episodeClosed == nil ? event.source.orgCode : nil
        case .cinReferral(let referral):
            openCases[recordKey] = referral.closureDate == nil ? event.source.orgCode : nil
        case .childProtectionPlan(let plan):
            openCases[recordKey] = plan.endDate == nil ? event.source.orgCode : nil
        case .lookedAfter(let episode):
            openCases[recordKey] = episode.endDate == nil ? event.source.orgCode : nil
        case .referral(let referral):
            let closed: Set<ReferralPayload.Outcome> = [.declined, .noFurtherAction, .completed]
            referrals[recordKey] = referral.outcome.map(closed.contains) == true ? nil : referral.toService
        default:
            break
        }
    }
}
