import Foundation

/// One change to one child's record, from one source system, in the hub's common form
/// (`schemas/early-years-event.v1.schema.json`).
public struct EarlyYearsEvent: Sendable, Hashable {
    public static let schemaVersion = "1.0"

    /// Lower-case hex SHA-256, 64 characters.
    public var eventID: String
    public var action: Action
    /// RFC 3339, kept exactly as written.
    public var occurredAt: String
    /// RFC 3339, kept exactly as written.
    public var recordedAt: String
    public var schemaVersion: String
    public var source: Source
    public var subject: Subject
    public var lawfulBasis: LawfulBasis
    public var specialCategory: Bool
    public var parentalConsent: ParentalConsent?
    /// `yyyy-MM-dd`.
    public var retainUntil: String?
    public var dataQuality: [DataQualityFinding]
    public var provenance: Provenance
    public var payload: Payload

    /// Always the payload's type, so the two cannot disagree in a value of this type.
    public var eventType: EventType { payload.eventType }

    public init(
        eventID: String, action: Action, occurredAt: String, recordedAt: String,
        schemaVersion: String = EarlyYearsEvent.schemaVersion, source: Source, subject: Subject,
        lawfulBasis: LawfulBasis, specialCategory: Bool, parentalConsent: ParentalConsent? = nil,
        retainUntil: String? = nil, dataQuality: [DataQualityFinding] = [], provenance: Provenance, payload: Payload
    ) {
        self.eventID = eventID
        self.action = action
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.schemaVersion = schemaVersion
        self.source = source
        self.subject = subject
        self.lawfulBasis = lawfulBasis
        self.specialCategory = specialCategory
        self.parentalConsent = parentalConsent
        self.retainUntil = retainUntil
        self.dataQuality = dataQuality
        self.provenance = provenance
        self.payload = payload
    }

    /// The encoder for events: sorted keys, so equal events encode to equal bytes.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The event's canonical JSON: what ``encoder()`` writes (sorted keys, slashes unescaped).
    public func canonicalJSON() throws -> [UInt8] {
        try tree().json(style: .encoder)
    }
}

extension EarlyYearsEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case eventID = "event_id"
        case eventType = "event_type"
        case action
        case occurredAt = "occurred_at"
        case recordedAt = "recorded_at"
        case schemaVersion = "schema_version"
        case source
        case subject
        case lawfulBasis = "lawful_basis"
        case specialCategory = "special_category"
        case parentalConsent = "parental_consent"
        case retainUntil = "retain_until"
        case dataQuality = "data_quality"
        case provenance
        case payload
    }

    /// Decodes `payload` as the shape `event_type` names, and rejects properties the schema does
    /// not define (and `null`s, which it never allows) anywhere in the event.
    public init(from decoder: any Decoder) throws {
        try self.init(members: decoder)
        let received = try decoder.singleValueContainer().decode(EventTree.self)
        // What the model writes back, as JSONEncoder would write it (without the text in between).
        if let path = received.firstPath(notIn: try tree()) {
            throw Self.undefinedProperty(path, eventType: eventType, codingPath: decoder.codingPath)
        }
    }

    /// Decodes every member, without the check for properties the model does not define.
    init(members decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        eventID = try container.decode(String.self, forKey: .eventID)
        let eventType = try container.decode(EventType.self, forKey: .eventType)
        action = try container.decode(Action.self, forKey: .action)
        occurredAt = try container.decode(String.self, forKey: .occurredAt)
        recordedAt = try container.decode(String.self, forKey: .recordedAt)
        schemaVersion = try container.decode(String.self, forKey: .schemaVersion)
        source = try container.decode(Source.self, forKey: .source)
        subject = try container.decode(Subject.self, forKey: .subject)
        lawfulBasis = try container.decode(LawfulBasis.self, forKey: .lawfulBasis)
        specialCategory = try container.decode(Bool.self, forKey: .specialCategory)
        parentalConsent = try container.decodeIfPresent(ParentalConsent.self, forKey: .parentalConsent)
        retainUntil = try container.decodeIfPresent(String.self, forKey: .retainUntil)
        dataQuality = try container.decodeIfPresent([DataQualityFinding].self, forKey: .dataQuality) ?? []
        provenance = try container.decode(Provenance.self, forKey: .provenance)
        payload = try Payload(eventType: eventType, from: container.superDecoder(forKey: .payload))
    }

    static func undefinedProperty(_ path: String, eventType: EventType, codingPath: [any CodingKey]) -> DecodingError {
        DecodingError.dataCorrupted(.init(
            codingPath: codingPath, debugDescription: "\(path): property not defined for event type \(eventType.rawValue), or null"))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(eventID, forKey: .eventID)
        try container.encode(eventType, forKey: .eventType)
        try container.encode(action, forKey: .action)
        try container.encode(occurredAt, forKey: .occurredAt)
        try container.encode(recordedAt, forKey: .recordedAt)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(source, forKey: .source)
        try container.encode(subject, forKey: .subject)
        try container.encode(lawfulBasis, forKey: .lawfulBasis)
        try container.encode(specialCategory, forKey: .specialCategory)
        try container.encodeIfPresent(parentalConsent, forKey: .parentalConsent)
        try container.encodeIfPresent(retainUntil, forKey: .retainUntil)
        try container.encode(dataQuality, forKey: .dataQuality)
        try container.encode(provenance, forKey: .provenance)
        try payload.encode(to: container.superEncoder(forKey: .payload))
    }
}
