/// A flag raised once and seen wherever the child is seen, in the manner of CP-IS.
public struct SafeguardingFlagPayload: Sendable, Hashable, Codable {
    public enum Flag: String, Sendable, Hashable, Codable, CaseIterable {
        case childProtectionPlan = "child_protection_plan"
        case lookedAfter = "looked_after"
        case riskToSelf = "risk_to_self"
        case riskToOthers = "risk_to_others"
        case riskFromOthers = "risk_from_others"
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case active
        case ended
    }

    public var flag: Flag
    public var status: Status
    public var recordedOn: String
    /// E.g. SNOMED CT 764841000000100 (looked-after child).
    public var code: Coding?

    public init(flag: Flag, status: Status, recordedOn: String, code: Coding? = nil) {
        self.flag = flag
        self.status = status
        self.recordedOn = recordedOn
        self.code = code
    }

    enum CodingKeys: String, CodingKey {
        case flag
        case status
        case recordedOn = "recorded_on"
        case code
    }
}

extension SafeguardingFlagPayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.date(recordedOn, at: "recorded_on")
    }
}
