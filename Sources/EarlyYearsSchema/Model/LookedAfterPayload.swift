/// A period in which the child is looked after by the local authority.
public struct LookedAfterPayload: Sendable, Hashable, Codable {
    public var startDate: String
    public var endDate: String?
    public var legalStatus: String?

    public init(startDate: String, endDate: String? = nil, legalStatus: String? = nil) {
        self.startDate = startDate
        self.endDate = endDate
        self.legalStatus = legalStatus
    }

    enum CodingKeys: String, CodingKey {
        case startDate = "start_date"
        case endDate = "end_date"
        case legalStatus = "legal_status"
    }
}

extension LookedAfterPayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.date(startDate, at: "start_date")
        check.date(endDate, at: "end_date")
    }
}
