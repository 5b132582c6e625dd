import Foundation

/// One committed record of `eyh.audit.v1`, as the verifier sees it: its offset and its value
/// (the entry's leaf bytes). Its leaf index is its place among the committed records, which is
/// not its offset: transaction markers take offsets too.
public struct AuditLogRecord: Sendable, Hashable {
    public var offset: Int64
    public var leafBytes: [UInt8]

    public init(offset: Int64, leafBytes: [UInt8]) {
        self.offset = offset
        self.leafBytes = leafBytes
    }

    /// The `entry_id` of the leaf's JSON, if it parses; nothing else of the entry is read, so
    /// findings and errors can name an entry without repeating what it says.
    public var entryID: String? {
        try? JSONDecoder().decode(EntryIdentity.self, from: Data(leafBytes)).entryID
    }

    private struct EntryIdentity: Decodable {
        var entryID: String
        enum CodingKeys: String, CodingKey { case entryID = "entry_id" }
    }
}
