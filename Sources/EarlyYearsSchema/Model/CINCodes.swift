/// Code lists of the DfE children in need census (`CIN_schema_2024.xsd`).
public enum CINCode {
    /// ReferralSource: who referred the child (3B = health visitor, 5D = LA early help).
    public enum ReferralSource: String, Sendable, Hashable, Codable, CaseIterable {
        case code1A = "1A", code1B = "1B", code1C = "1C", code1D = "1D"
        case code2A = "2A", code2B = "2B"
        case code3A = "3A", code3B = "3B", code3C = "3C", code3D = "3D", code3E = "3E", code3F = "3F"
        case code4 = "4"
        case code5A = "5A", code5B = "5B", code5C = "5C", code5D = "5D"
        case code6 = "6", code7 = "7", code8 = "8", code9 = "9", code10 = "10"
    }

    /// PrimaryNeedCode, N0–N9 (N1 = abuse or neglect).
    public enum PrimaryNeed: String, Sendable, Hashable, Codable, CaseIterable {
        case n0 = "N0", n1 = "N1", n2 = "N2", n3 = "N3", n4 = "N4", n5 = "N5", n6 = "N6", n7 = "N7", n8 = "N8", n9 = "N9"
    }

    /// ReasonForClosure, RC1–RC9 (RC9 = referred to early help).
    public enum ReasonForClosure: String, Sendable, Hashable, Codable, CaseIterable {
        case rc1 = "RC1", rc2 = "RC2", rc3 = "RC3", rc4 = "RC4", rc5 = "RC5", rc6 = "RC6", rc7 = "RC7", rc8 = "RC8", rc9 = "RC9"
    }

    public enum CategoryOfAbuse: String, Sendable, Hashable, Codable, CaseIterable {
        case neglect = "NEG"
        case physical = "PHY"
        case sexual = "SAB"
        case emotional = "EMO"
        case multiple = "MUL"
    }

    /// The factors identified at assessment (AssessmentFactors); kept as strings in payloads.
    public static let assessmentFactors: Set<String> = [
        "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A", "6B", "6C",
        "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A",
        "18B", "18C", "19B", "19C", "20", "21", "22A", "23A", "24A",
    ]
}
