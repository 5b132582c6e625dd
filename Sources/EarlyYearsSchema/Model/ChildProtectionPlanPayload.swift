/// A child protection plan, with its initial and latest category of abuse.
public struct ChildProtectionPlanPayload: Sendable, Hashable, Codable {
    public var startDate: String
    public var endDate: String?
    public var initialCategory: CINCode.CategoryOfAbuse
    public var latestCategory: CINCode.CategoryOfAbuse?
    /// Always ``Coding/cinCensus2024``.
    public var codeSystem: String

    public init(startDate: String, endDate: String? = nil, initialCategory: CINCode.CategoryOfAbuse, latestCategory: CINCode.CategoryOfAbuse? = nil) {
        self.startDate = startDate
        self.endDate = endDate
        self.initialCategory = initialCategory
        self.latestCategory = latestCategory
        codeSystem = Coding.cinCensus2024
    }

    enum CodingKeys: String, CodingKey {
        case startDate = "start_date"
        case endDate = "end_date"
        case initialCategory = "initial_category"
        case latestCategory = "latest_category"
        case codeSystem = "code_system"
    }
}

extension ChildProtectionPlanPayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.date(startDate, at: "start_date")
        check.date(endDate, at: "end_date")
        check.cinCodeSystem(codeSystem)
    }
}
