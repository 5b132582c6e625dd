/// An early help assessment and the episode of support that follows it.
public struct EarlyHelpEpisodePayload: Sendable, Hashable, Codable {
    public var assessmentStart: String
    public var assessmentCompleted: String?
    public var episodeClosed: String?
    public var leadOrganisation: String
    public var closureReason: String?

    public init(assessmentStart: String, assessmentCompleted: String? = nil, episodeClosed: String? = nil, leadOrganisation: String, closureReason: String? = nil) {
        self.assessmentStart = assessmentStart
        self.assessmentCompleted = assessmentCompleted
        self.episodeClosed = episodeClosed
        self.leadOrganisation = leadOrganisation
        self.closureReason = closureReason
    }

    enum CodingKeys: String, CodingKey {
        case assessmentStart = "assessment_start"
        case assessmentCompleted = "assessment_completed"
        case episodeClosed = "episode_closed"
        case leadOrganisation = "lead_organisation"
        case closureReason = "closure_reason"
    }
}

extension EarlyHelpEpisodePayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.date(assessmentStart, at: "assessment_start")
        check.date(assessmentCompleted, at: "assessment_completed")
        check.date(episodeClosed, at: "episode_closed")
    }
}
