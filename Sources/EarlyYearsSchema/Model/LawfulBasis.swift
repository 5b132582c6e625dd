/// The UK GDPR basis for processing an event, and the special-category condition when one applies.
public struct LawfulBasis: Sendable, Hashable, Codable {
    public enum Article6: String, Sendable, Hashable, Codable, CaseIterable {
        case consent = "6_1_a"
        case contract = "6_1_b"
        case legalObligation = "6_1_c"
        case vitalInterests = "6_1_d"
        case publicTask = "6_1_e"
        case legitimateInterests = "6_1_f"
    }

    public enum Article9: String, Sendable, Hashable, Codable, CaseIterable {
        case explicitConsent = "9_2_a"
        case employmentAndSocialProtection = "9_2_b"
        case vitalInterests = "9_2_c"
        case substantialPublicInterest = "9_2_g"
        case healthOrSocialCare = "9_2_h"
        case publicHealth = "9_2_i"
    }

    public var article6: Article6
    public var article9: Article9?
    /// The DPA 2018 Schedule 1 paragraph (e.g. 2 for health or social care, 18 for safeguarding).
    public var dpaSchedule1Paragraph: Int?

    public init(article6: Article6, article9: Article9? = nil, dpaSchedule1Paragraph: Int? = nil) {
        self.article6 = article6
        self.article9 = article9
        self.dpaSchedule1Paragraph = dpaSchedule1Paragraph
    }

    enum CodingKeys: String, CodingKey {
        case article6 = "article_6"
        case article9 = "article_9"
        case dpaSchedule1Paragraph = "dpa_schedule_1_paragraph"
    }
}

/// Whether the parents agreed to the sharing, as the source recorded it.
public enum ParentalConsent: String, Sendable, Hashable, Codable, CaseIterable {
    case given
    case refused
    case notAsked = "not_asked"
    case notRecorded = "not_recorded"
}
