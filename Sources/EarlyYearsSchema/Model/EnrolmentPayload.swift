/// A child's place at an early years setting, with the funding fields of the Early Years Census.
public struct EnrolmentPayload: Sendable, Hashable, Codable {
    public struct FundedHours: Sendable, Hashable, Codable {
        public enum Entitlement: String, Sendable, Hashable, Codable, CaseIterable {
            case universal15 = "universal_15"
            case extended
            case expanded
            case twoYearOld = "two_year_old"
            case none
        }

        public var type: Entitlement
        public var hoursPerWeek: Double

        public init(type: Entitlement, hoursPerWeek: Double) {
            self.type = type
            self.hoursPerWeek = hoursPerWeek
        }

        enum CodingKeys: String, CodingKey {
            case type
            case hoursPerWeek = "hours_per_week"
        }
    }

    /// Early Years Census SEN provision.
    public enum SENProvision: String, Sendable, Hashable, Codable, CaseIterable {
        case senSupport = "K"
        case ehcPlan = "E"
        case none = "N"
    }

    public var settingURN: String
    public var settingName: String
    public var startDate: String
    public var endDate: String?
    public var fundedHours: FundedHours
    /// Early Years Pupil Premium.
    public var eypp: Bool
    /// Disability Access Fund.
    public var daf: Bool
    public var senProvision: SENProvision

    public init(
        settingURN: String, settingName: String, startDate: String, endDate: String? = nil,
        fundedHours: FundedHours, eypp: Bool, daf: Bool, senProvision: SENProvision
    ) {
        self.settingURN = settingURN
        self.settingName = settingName
        self.startDate = startDate
        self.endDate = endDate
        self.fundedHours = fundedHours
        self.eypp = eypp
        self.daf = daf
        self.senProvision = senProvision
    }

    enum CodingKeys: String, CodingKey {
        case settingURN = "setting_urn"
        case settingName = "setting_name"
        case startDate = "start_date"
        case endDate = "end_date"
        case fundedHours = "funded_hours"
        case eypp
        case daf
        case senProvision = "sen_provision"
    }
}

extension EnrolmentPayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.date(startDate, at: "start_date")
        check.date(endDate, at: "end_date")
        check.minimum(fundedHours.hoursPerWeek, 0, at: "funded_hours.hours_per_week")
    }
}
