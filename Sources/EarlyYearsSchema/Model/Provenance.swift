/// How the event was made: which adapter and mapping, from which input.
public struct Provenance: Sendable, Hashable, Codable {
    public var adapter: String
    public var mappingID: String
    public var mappingVersion: String
    /// A file and line, a request id, or a topic/partition/offset.
    public var origin: String
    /// RFC 3339.
    public var receivedAt: String?

    public init(adapter: String, mappingID: String, mappingVersion: String, origin: String, receivedAt: String? = nil) {
        self.adapter = adapter
        self.mappingID = mappingID
        self.mappingVersion = mappingVersion
        self.origin = origin
        self.receivedAt = receivedAt
    }

    enum CodingKeys: String, CodingKey {
        case adapter
        case mappingID = "mapping_id"
        case mappingVersion = "mapping_version"
        case origin
        case receivedAt = "received_at"
    }
}
