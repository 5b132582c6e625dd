import EarlyYearsSchema

/// A data sharing agreement (`policies/*.yaml`), shaped by the ICO data sharing code: who shares
/// what with whom, why, on what lawful basis, for how long, and until when.
///
/// Nothing flows that an agreement does not name: a recipient, an event type and each field of it.
public struct Agreement: Sendable, Hashable {
    public var id: String
    public var version: String
    public var title: String
    public var parties: [Party]
    public var purpose: Purpose
    public var lawfulBasis: LawfulBasis
    public var recipients: [Recipient]
    public var shares: [Share]
    /// `yyyy-MM-dd`, inclusive.
    public var validFrom: String
    /// `yyyy-MM-dd`, inclusive.
    public var validUntil: String
    public var reviewDate: String
    /// Where the agreement was read from, and the line of each part, for errors.
    public var file: String
    public var line: Int
    /// The line of each top-level key.
    public var keyLines: [String: Int]

    public struct Party: Sendable, Hashable {
        public var organisation: String
        public var name: String
        public var role: String

        public init(organisation: String, name: String, role: String) {
            self.organisation = organisation
            self.name = name
            self.role = role
        }
    }

    public struct Purpose: Sendable, Hashable {
        /// HL7 v3 PurposeOfUse code.
        public var code: String
        /// In plain English, as parents read it.
        public var description: String
        /// A safeguarding purpose: the only kind under which a person's override may share despite
        /// a parent's objection.
        public var safeguarding: Bool

        public init(code: String, description: String, safeguarding: Bool) {
            self.code = code
            self.description = description
            self.safeguarding = safeguarding
        }
    }

    public struct Recipient: Sendable, Hashable {
        public var id: String
        public var name: String
        public var organisation: String
        public var serviceType: Source.OrgType
        /// `eyh.share.<id>.v1`.
        public var topic: String?
        /// The relationships with a child, any one of which lets the recipient receive about it.
        public var relationships: [Relationship]
        /// For `area` and `resident`: postcode districts (`LS6`) or sectors (`LS6 1`) the recipient covers.
        public var area: [String]
        /// For `referred`: the service a referral must be to.
        public var referralService: ReferralPayload.Service?
        /// How long the recipient keeps what it receives, in plain English ("until the child's 25th birthday").
        public var retention: String
        public var line: Int

        public init(id: String, name: String, organisation: String, serviceType: Source.OrgType, topic: String?, relationships: [Relationship],
                    area: [String] = [], referralService: ReferralPayload.Service? = nil, retention: String, line: Int = 0) {
            self.id = id
            self.name = name
            self.organisation = organisation
            self.serviceType = serviceType
            self.topic = topic
            self.relationships = relationships
            self.area = area.map(Postcode.area)
            self.referralService = referralService
            self.retention = retention
            self.line = line
        }
    }

    /// What a recipient may receive of one event type.
    public struct Share: Sendable, Hashable {
        public var eventType: EventType
        /// Dotted paths into the canonical event, `[]` for each element of a list. A path to an
        /// object shares the whole object.
        public var fields: [String]
        /// When set, only events from these kinds of source.
        public var sources: [Source.OrgType]?
        /// The recipients this share is for; all of the agreement's recipients when empty.
        public var recipients: [String]
        public var line: Int
        /// The line of each field, for errors.
        public var fieldLines: [String: Int]

        public init(eventType: EventType, fields: [String], sources: [Source.OrgType]? = nil, recipients: [String] = [], line: Int = 0,
                    fieldLines: [String: Int] = [:]) {
            self.eventType = eventType
            self.fields = fields
            self.sources = sources
            self.recipients = recipients
            self.line = line
            self.fieldLines = fieldLines
        }
    }

    public init(
        id: String, version: String, title: String, parties: [Party], purpose: Purpose, lawfulBasis: LawfulBasis, recipients: [Recipient],
        shares: [Share], validFrom: String, validUntil: String, reviewDate: String, file: String, line: Int = 1, keyLines: [String: Int] = [:]
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.parties = parties
        self.purpose = purpose
        self.lawfulBasis = lawfulBasis
        self.recipients = recipients
        self.shares = shares
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.reviewDate = reviewDate
        self.file = file
        self.line = line
        self.keyLines = keyLines
    }

    /// Whether the agreement is in force on `day` (`yyyy-MM-dd`).
    public func isValid(on day: String) -> Bool {
        validFrom <= day && day <= validUntil
    }

    /// The shares that give `recipient` events of `type`.
    public func shares(for recipient: String, of type: EventType) -> [Share] {
        shares.filter { $0.eventType == type && ($0.recipients.isEmpty || $0.recipients.contains(recipient)) }
    }
}

/// How a recipient must be connected to a child to receive updates about it.
public enum Relationship: String, Sendable, Hashable, CaseIterable {
    /// A setting, about children on its roll (from enrolment events naming its URN).
    case onRoll = "on_roll"
    /// A health visiting team, about children on its caseload: it holds records about them.
    case caseload
    /// A health visiting team, about children living in its area (postcode districts or sectors).
    case area
    /// A council team, about children living in its LA (postcode districts or sectors).
    case resident
    /// A council team, about children with an open early help episode, CIN referral, child
    /// protection plan or looked-after episode with it.
    case openCase = "open_case"
    /// A named service, about children referred to it while the referral is not closed.
    case referred
}

/// The envelope members every shared record carries whatever the agreement lists: without them
/// a recipient could not tell which record a later correction or retraction replaces.
public let recordEnvelopeFields = ["action", "event_id", "event_type", "schema_version"]
