extension Subject {
    /// An NHS number as sent, with the source's verification status and the result of the check digit.
    public struct NHSNumberEntry: Sendable, Hashable, Codable {
        public var value: NHSNumber
        public var verificationStatus: String?
        /// The code system of ``verificationStatus``.
        public var codeSystem: String?
        public var checkDigitValid: Bool

        public init(_ value: NHSNumber, verificationStatus: String? = nil, codeSystem: String? = nil) {
            self.value = value
            self.verificationStatus = verificationStatus
            self.codeSystem = codeSystem
            checkDigitValid = value.isValid
        }

        enum CodingKeys: String, CodingKey {
            case value
            case verificationStatus = "verification_status"
            case codeSystem = "code_system"
            case checkDigitValid = "check_digit_valid"
        }
    }

    public struct UPNEntry: Sendable, Hashable, Codable {
        public var value: UniquePupilNumber
        public var valid: Bool

        public init(_ value: UniquePupilNumber) {
            self.value = value
            valid = value.isValid
        }
    }

    /// A council's own child identifier (the CIN census LAchildID), qualified by the LA number.
    public struct LAChildID: Sendable, Hashable, Codable {
        public var laCode: String
        public var value: String

        public init(laCode: String, value: String) {
            self.laCode = laCode
            self.value = value
        }

        enum CodingKeys: String, CodingKey {
            case laCode = "la_code"
            case value
        }
    }

    public struct LocalIdentifier: Sendable, Hashable, Codable {
        public var system: String
        public var value: String

        public init(system: String, value: String) {
            self.system = system
            self.value = value
        }
    }
}
