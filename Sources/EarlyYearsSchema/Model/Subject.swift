/// The child an event is about, as the source identified them. Every part is optional, but
/// ``EarlyYearsEvent/validate()`` requires an identifier, or a family name and a birth date.
public struct Subject: Sendable, Hashable, Codable {
    public enum Sex: String, Sendable, Hashable, Codable, CaseIterable {
        case female
        case male
        case indeterminate
        case unknown
    }

    public var nhsNumber: NHSNumberEntry?
    public var upn: UPNEntry?
    public var laChildID: LAChildID?
    public var localIDs: [LocalIdentifier]?
    public var givenNames: [String]?
    public var familyName: String?
    public var otherNames: [OtherName]?
    /// `yyyy-MM-dd`.
    public var birthDate: String?
    /// `yyyy-MM-dd`, for an unborn child.
    public var expectedBirthDate: String?
    public var sex: Sex?
    public var postcode: String?
    public var address: Address?
    public var householdID: String?

    public init(
        nhsNumber: NHSNumberEntry? = nil, upn: UPNEntry? = nil, laChildID: LAChildID? = nil,
        localIDs: [LocalIdentifier]? = nil, givenNames: [String]? = nil, familyName: String? = nil,
        otherNames: [OtherName]? = nil, birthDate: String? = nil, expectedBirthDate: String? = nil,
        sex: Sex? = nil, postcode: String? = nil, address: Address? = nil, householdID: String? = nil
    ) {
        self.nhsNumber = nhsNumber
        self.upn = upn
        self.laChildID = laChildID
        self.localIDs = localIDs
        self.givenNames = givenNames
        self.familyName = familyName
        self.otherNames = otherNames
        self.birthDate = birthDate
        self.expectedBirthDate = expectedBirthDate
        self.sex = sex
        self.postcode = postcode
        self.address = address
        self.householdID = householdID
    }

    /// Whether the subject carries something to match on.
    public var isIdentifiable: Bool {
        nhsNumber != nil || upn != nil || laChildID != nil || !(localIDs ?? []).isEmpty
            || (familyName != nil && birthDate != nil)
    }

    enum CodingKeys: String, CodingKey {
        case nhsNumber = "nhs_number"
        case upn
        case laChildID = "la_child_id"
        case localIDs = "local_ids"
        case givenNames = "given_names"
        case familyName = "family_name"
        case otherNames = "other_names"
        case birthDate = "birth_date"
        case expectedBirthDate = "expected_birth_date"
        case sex
        case postcode
        case address
        case householdID = "household_id"
    }
}
