/// The EYFS progress check at age two, written by the child's setting, in the three prime areas.
public struct ProgressCheckTwoPayload: Sendable, Hashable, Codable {
    public enum PrimeArea: String, Sendable, Hashable, Codable, CaseIterable {
        case communicationAndLanguage = "communication_and_language"
        case physicalDevelopment = "physical_development"
        case personalSocialEmotionalDevelopment = "personal_social_emotional_development"
    }

    public struct PrimeAreaSummary: Sendable, Hashable, Codable {
        public var area: PrimeArea
        public var onTrack: Bool
        public var summary: String?

        public init(area: PrimeArea, onTrack: Bool, summary: String? = nil) {
            self.area = area
            self.onTrack = onTrack
            self.summary = summary
        }

        enum CodingKeys: String, CodingKey {
            case area
            case onTrack = "on_track"
            case summary
        }
    }

    public var completedOn: String
    public var primeAreas: [PrimeAreaSummary]
    public var areasOfConcern: [String]
    public var parentalConsentToShare: Bool
    /// Whether the check was combined with the health visitor's 2–2½ year review.
    public var integratedReview: Bool
    public var settingURN: String?

    public init(
        completedOn: String, primeAreas: [PrimeAreaSummary], areasOfConcern: [String] = [],
        parentalConsentToShare: Bool, integratedReview: Bool, settingURN: String? = nil
    ) {
        self.completedOn = completedOn
        self.primeAreas = primeAreas
        self.areasOfConcern = areasOfConcern
        self.parentalConsentToShare = parentalConsentToShare
        self.integratedReview = integratedReview
        self.settingURN = settingURN
    }

    enum CodingKeys: String, CodingKey {
        case completedOn = "completed_on"
        case primeAreas = "prime_areas"
        case areasOfConcern = "areas_of_concern"
        case parentalConsentToShare = "parental_consent_to_share"
        case integratedReview = "integrated_review"
        case settingURN = "setting_urn"
    }
}

extension ProgressCheckTwoPayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.date(completedOn, at: "completed_on")
    }
}
