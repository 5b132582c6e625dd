/// A referral of the child to a service.
public struct ReferralPayload: Sendable, Hashable, Codable {
    public enum Service: String, Sendable, Hashable, Codable, CaseIterable {
        case speechLanguageTherapy = "speech_language_therapy"
        case earlyHelp = "early_help"
        case socialCare = "social_care"
        case paediatrics
        case healthVisiting = "health_visiting"
        case camhs
        case audiology
        case send
        case other
    }

    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
        case pending
        case accepted
        case declined
        case noFurtherAction = "no_further_action"
        case completed
    }

    public var toService: Service
    public var referredOn: String
    /// Who referred, e.g. a CIN census ReferralSource code (3B = health visitor).
    public var source: Coding?
    public var outcome: Outcome?

    public init(toService: Service, referredOn: String, source: Coding? = nil, outcome: Outcome? = nil) {
        self.toService = toService
        self.referredOn = referredOn
        self.source = source
        self.outcome = outcome
    }

    enum CodingKeys: String, CodingKey {
        case toService = "to_service"
        case referredOn = "referred_on"
        case source
        case outcome
    }
}

extension ReferralPayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.date(referredOn, at: "referred_on")
    }
}
