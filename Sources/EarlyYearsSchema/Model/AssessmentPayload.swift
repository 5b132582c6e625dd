/// A children's social care assessment and the CIN census factors it identified.
public struct AssessmentPayload: Sendable, Hashable, Codable {
    public var startDate: String
    public var authorisedDate: String?
    /// CIN census assessment factor codes, e.g. `1A`, `2B`, `21`; see ``CINCode/assessmentFactors``.
    public var factors: [String]
    /// Always ``Coding/cinCensus2024``.
    public var codeSystem: String

    public init(startDate: String, authorisedDate: String? = nil, factors: [String]) {
        self.startDate = startDate
        self.authorisedDate = authorisedDate
        self.factors = factors
        codeSystem = Coding.cinCensus2024
    }

    enum CodingKeys: String, CodingKey {
        case startDate = "start_date"
        case authorisedDate = "authorised_date"
        case factors
        case codeSystem = "code_system"
    }
}

extension AssessmentPayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.date(startDate, at: "start_date")
        check.date(authorisedDate, at: "authorised_date")
        for (index, factor) in factors.enumerated() where !CINCode.assessmentFactors.contains(factor) {
            check.fail(at: "factors[\(index)]", rule: "enum", message: "not a CIN census assessment factor")
        }
        check.cinCodeSystem(codeSystem)
    }
}
