/// A code from a named code system (SNOMED CT, a DCH code system, a CIN census code list…).
public struct Coding: Sendable, Hashable, Codable {
    public var code: String
    public var codeSystem: String

    public init(code: String, codeSystem: String) {
        self.code = code
        self.codeSystem = codeSystem
    }

    enum CodingKeys: String, CodingKey {
        case code
        case codeSystem = "code_system"
    }
}

extension Coding {
    public static let snomedCT = "http://snomed.info/sct"
    public static let dchEncounterType = "https://fhir.nhs.uk/STU3/CodeSystem/DCH-ChildHealthEncounterType-1"
    /// The DfE children in need census code lists, as in `CIN_schema_2024.xsd`.
    public static let cinCensus2024 = "dfe-cin-census-2024"
}
