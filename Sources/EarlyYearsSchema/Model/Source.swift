/// The organisation and system an event came from, and the record it describes there.
public struct Source: Sendable, Hashable, Codable {
    public enum OrgType: String, Sendable, Hashable, Codable, CaseIterable {
        case healthVisiting = "health_visiting"
        case earlyYearsSetting = "early_years_setting"
        case localAuthority = "local_authority"
        case school
        case gpPractice = "gp_practice"
        /// The hub itself, for the events it makes (alerts).
        case integrationHub = "integration_hub"
        case other
    }

    public var orgType: OrgType
    /// An ODS code, Ofsted URN or LA number, depending on ``orgType``.
    public var orgCode: String
    public var orgName: String?
    public var system: String
    public var recordID: String
    public var recordVersion: String?

    public init(orgType: OrgType, orgCode: String, orgName: String? = nil, system: String, recordID: String, recordVersion: String? = nil) {
        self.orgType = orgType
        self.orgCode = orgCode
        self.orgName = orgName
        self.system = system
        self.recordID = recordID
        self.recordVersion = recordVersion
    }

    enum CodingKeys: String, CodingKey {
        case orgType = "org_type"
        case orgCode = "org_code"
        case orgName = "org_name"
        case system
        case recordID = "record_id"
        case recordVersion = "record_version"
    }
}
