extension Subject {
    /// A name the child is or was also known by.
    public struct OtherName: Sendable, Hashable, Codable {
        public enum Use: String, Sendable, Hashable, Codable, CaseIterable {
            case previous
            case alias
            case preferred
        }

        public var use: Use
        public var givenNames: [String]?
        public var familyName: String?

        public init(use: Use, givenNames: [String]? = nil, familyName: String? = nil) {
            self.use = use
            self.givenNames = givenNames
            self.familyName = familyName
        }

        enum CodingKeys: String, CodingKey {
            case use
            case givenNames = "given_names"
            case familyName = "family_name"
        }
    }

    public struct Address: Sendable, Hashable, Codable {
        public var lines: [String]?
        public var postcode: String?

        public init(lines: [String]? = nil, postcode: String? = nil) {
            self.lines = lines
            self.postcode = postcode
        }
    }
}
