/// A concern a practitioner raised about a child.
public struct ConcernPayload: Sendable, Hashable, Codable {
    public enum Domain: String, Sendable, Hashable, Codable, CaseIterable {
        case speechLanguageCommunication = "speech_language_communication"
        case physical
        case socialEmotional = "social_emotional"
        case cognitive
        case safeguarding
        case health
        case homeEnvironment = "home_environment"
        case other
    }

    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        case low
        case medium
        case high
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case open
        case closed
    }

    public var domain: Domain
    public var severity: Severity
    public var status: Status
    public var raisedOn: String
    public var closedOn: String?
    public var summary: String?

    public init(domain: Domain, severity: Severity, status: Status, raisedOn: String, closedOn: String? = nil, summary: String? = nil) {
        self.domain = domain
        self.severity = severity
        self.status = status
        self.raisedOn = raisedOn
        self.closedOn = closedOn
        self.summary = summary
    }

    enum CodingKeys: String, CodingKey {
        case domain
        case severity
        case status
        case raisedOn = "raised_on"
        case closedOn = "closed_on"
        case summary
    }
}

extension ConcernPayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.date(raisedOn, at: "raised_on")
        check.date(closedOn, at: "closed_on")
    }
}
