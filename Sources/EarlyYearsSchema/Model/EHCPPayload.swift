/// An education, health and care plan: from the request for assessment to the plan.
public struct EHCPPayload: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case requested
        case assessing
        case issued
        case declined
        case ceased
    }

    public var requestDate: String
    public var assessmentDecisionDate: String?
    public var planIssuedDate: String?
    public var status: Status

    public init(requestDate: String, assessmentDecisionDate: String? = nil, planIssuedDate: String? = nil, status: Status) {
        self.requestDate = requestDate
        self.assessmentDecisionDate = assessmentDecisionDate
        self.planIssuedDate = planIssuedDate
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case requestDate = "request_date"
        case assessmentDecisionDate = "assessment_decision_date"
        case planIssuedDate = "plan_issued_date"
        case status
    }
}

extension EHCPPayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.date(requestDate, at: "request_date")
        check.date(assessmentDecisionDate, at: "assessment_decision_date")
        check.date(planIssuedDate, at: "plan_issued_date")
    }
}
