/// A health visiting contact from the Healthy Child Programme schedule, or an ad hoc one.
public struct ContactPayload: Sendable, Hashable, Codable {
    public enum ContactType: String, Sendable, Hashable, Codable, CaseIterable {
        case antenatal
        case newBaby = "new_baby"
        case sixToEightWeeks = "six_to_eight_weeks"
        case oneYear = "one_year"
        case twoToTwoAndAHalfYears = "two_to_two_and_a_half_years"
        case adHoc = "ad_hoc"
    }

    public var contactType: ContactType
    public var attended: Bool
    public var contactDate: String
    /// E.g. DCH ChildHealthEncounterType 0023 (New Baby HV Review).
    public var encounterCode: Coding?
    public var professionalRole: String?

    public init(contactType: ContactType, attended: Bool, contactDate: String, encounterCode: Coding? = nil, professionalRole: String? = nil) {
        self.contactType = contactType
        self.attended = attended
        self.contactDate = contactDate
        self.encounterCode = encounterCode
        self.professionalRole = professionalRole
    }

    enum CodingKeys: String, CodingKey {
        case contactType = "contact_type"
        case attended
        case contactDate = "contact_date"
        case encounterCode = "encounter_code"
        case professionalRole = "professional_role"
    }
}

extension ContactPayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.date(contactDate, at: "contact_date")
    }
}
