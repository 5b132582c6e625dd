import EarlyYearsSchema
import Foundation

/// One leaf of the disclosure log (`eyh.audit.v1`): that something about a child was sent to a
/// recipient, under which agreement and why. It records the disclosure, never the payload: the
/// field names sent and the SHA-256 of the bytes sent, so that a recipient's copy can be checked
/// against it without the log holding any personal data.
///
/// The router writes one entry per record it sends, in the same Kafka transaction as the record
/// itself, so a disclosure and its entry are committed together or not at all. The entry's JSON
/// (sorted keys, as ``AuditEntry/leafBytes()`` writes it) is the Merkle-tree leaf.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// What was sent.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The first version of a record the recipient received.
        case disclosure
        /// A later version of a record the recipient had received: it replaces the earlier one.
        case correction
        /// The record was deleted at its source: the recipient is told to delete its copy.
        case retraction
        /// The record passed its `retain_until` date: the recipient is told to delete its copy.
        case retentionDeletion = "retention_deletion"
    }

    /// `au_` and 32 hex digits, deterministic from the decision and recipient, so a re-delivered
    /// event makes the same entry.
    public var entryID: String
    public var kind: Kind
    /// RFC 3339, when the router decided.
    public var at: String
    /// The recipient service's id in the agreement.
    public var recipient: String
    /// Its name, as parents and data protection officers read it ("Sunny Days Nursery").
    public var recipientName: String
    /// Its organisation code (ODS code, Ofsted URN or LA number).
    public var recipientOrganisation: String
    /// The recipient's topic the record went to.
    public var topic: String
    public var agreementID: String
    public var agreementVersion: String
    /// HL7 v3 PurposeOfUse code, such as `TREAT` or `PUBHLTH`, as the agreement states it.
    public var purpose: String
    /// The purpose in plain English, as the agreement states it, so that the log explains itself
    /// even after the agreement changes.
    public var purposeDescription: String
    /// UK GDPR Art 6 basis (`6_1_e`), as the agreement states it.
    public var article6: String
    /// Art 9 condition, for special category data.
    public var article9: String?
    public var dpaSchedule1Paragraph: Int?
    /// The router's decision id, also in the shared record's headers.
    public var decisionID: String
    /// The pseudonymous hub child id (never a real identifier).
    public var childKey: String
    /// A digest of the source record (system, organisation, record id): how later versions of the
    /// same record find who received the earlier ones.
    public var recordKey: String
    public var eventID: String
    public var eventType: String
    /// The dotted paths of the fields sent, sorted.
    public var fields: [String]
    /// Lower-case hex SHA-256 of the record value sent (empty for nothing sent, as never happens).
    public var payloadSHA256: String
    /// Set when a safeguarding override shared despite a parent's objection: the reason recorded.
    public var overrideReason: String?

    public init(
        entryID: String, kind: Kind, at: String, recipient: String, recipientName: String, recipientOrganisation: String,
        topic: String, agreementID: String, agreementVersion: String, purpose: String, purposeDescription: String, article6: String, article9: String? = nil,
        dpaSchedule1Paragraph: Int? = nil, decisionID: String, childKey: String, recordKey: String, eventID: String,
        eventType: String, fields: [String], payloadSHA256: String, overrideReason: String? = nil
    ) {
        self.entryID = entryID
        self.kind = kind
        self.at = at
        self.recipient = recipient
        self.recipientName = recipientName
        self.recipientOrganisation = recipientOrganisation
        self.topic = topic
        self.agreementID = agreementID
        self.agreementVersion = agreementVersion
        self.purpose = purpose
        self.purposeDescription = purposeDescription
        self.article6 = article6
        self.article9 = article9
        self.dpaSchedule1Paragraph = dpaSchedule1Paragraph
        self.decisionID = decisionID
        self.childKey = childKey
        self.recordKey = recordKey
        self.eventID = eventID
        self.eventType = eventType
        self.fields = fields
        self.payloadSHA256 = payloadSHA256
        self.overrideReason = overrideReason
    }

    enum CodingKeys: String, CodingKey {
        case entryID = "entry_id"
        case kind
        case at
        case recipient
        case recipientName = "recipient_name"
        case recipientOrganisation = "recipient_organisation"
        case topic
        case agreementID = "agreement_id"
        case agreementVersion = "agreement_version"
        case purpose
        case purposeDescription = "purpose_description"
        case article6 = "article_6"
        case article9 = "article_9"
        case dpaSchedule1Paragraph = "dpa_schedule_1_paragraph"
        case decisionID = "decision_id"
        case childKey = "child_key"
        case recordKey = "record_key"
        case eventID = "event_id"
        case eventType = "event_type"
        case fields
        case payloadSHA256 = "payload_sha256"
        case overrideReason = "override_reason"
    }

    /// The entry's bytes in the log and in the Merkle tree: JSON with sorted keys, exactly as
    /// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` writes the entry (a test
    /// holds the two together), made without it because the router writes one per record sent.
    public func leafBytes() throws -> [UInt8] {
        var members: [String: EventTree] = [
            CodingKeys.entryID.stringValue: .string(entryID), CodingKeys.kind.stringValue: .string(kind.rawValue),
            CodingKeys.at.stringValue: .string(at), CodingKeys.recipient.stringValue: .string(recipient),
            CodingKeys.recipientName.stringValue: .string(recipientName),
            CodingKeys.recipientOrganisation.stringValue: .string(recipientOrganisation), CodingKeys.topic.stringValue: .string(topic),
            CodingKeys.agreementID.stringValue: .string(agreementID), CodingKeys.agreementVersion.stringValue: .string(agreementVersion),
            CodingKeys.purpose.stringValue: .string(purpose), CodingKeys.purposeDescription.stringValue: .string(purposeDescription),
            CodingKeys.article6.stringValue: .string(article6), CodingKeys.decisionID.stringValue: .string(decisionID),
            CodingKeys.childKey.stringValue: .string(childKey), CodingKeys.recordKey.stringValue: .string(recordKey),
            CodingKeys.eventID.stringValue: .string(eventID), CodingKeys.eventType.stringValue: .string(eventType),
            CodingKeys.fields.stringValue: .array(fields.map(EventTree.string)), CodingKeys.payloadSHA256.stringValue: .string(payloadSHA256),
        ]
        if let article9 { members[CodingKeys.article9.stringValue] = .string(article9) }
        if let dpaSchedule1Paragraph { members[CodingKeys.dpaSchedule1Paragraph.stringValue] = .int(dpaSchedule1Paragraph) }
        if let overrideReason { members[CodingKeys.overrideReason.stringValue] = .string(overrideReason) }
        return try EventTree.object(EventObject(members)).json(style: .encoder)
    }

    public init(leafBytes: some Collection<UInt8>) throws {
        self = try JSONDecoder().decode(AuditEntry.self, from: Data(leafBytes))
    }
}
