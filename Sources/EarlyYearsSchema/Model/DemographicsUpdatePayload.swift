/// A change to the subject's demographics; the new values are in the event's subject.
public struct DemographicsUpdatePayload: Sendable, Hashable, Codable {
    /// Dotted paths into the subject, e.g. `address.postcode`.
    public var changedFields: [String]?

    public init(changedFields: [String]? = nil) {
        self.changedFields = changedFields
    }

    enum CodingKeys: String, CodingKey {
        case changedFields = "changed_fields"
    }
}

extension DemographicsUpdatePayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {}
}
