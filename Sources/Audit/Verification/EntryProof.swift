/// An entry's inclusion proof against a signed checkpoint: what `eyhub audit proof` prints and
/// what anyone holding the checkpoint can check with the entry's bytes alone.
public struct EntryProof: Sendable, Hashable, Codable {
    public var entryID: String?
    public var leafIndex: Int
    public var offset: Int64
    public var treeSize: Int
    public var leafHash: String
    /// Hex, lowest sibling first.
    public var path: [String]
    /// Hex, as in the checkpoint (which writes it in base64).
    public var root: String

    enum CodingKeys: String, CodingKey {
        case entryID = "entry_id"
        case leafIndex = "leaf_index"
        case offset
        case treeSize = "tree_size"
        case leafHash = "leaf_hash"
        case path
        case root
    }

    /// The proofs of the log's records that `matches` selects, against `checkpoint`, each
    /// verified before it is returned.
    public static func proofs(log: [AuditLogRecord], checkpoint: Checkpoint, matching matches: (AuditLogRecord) -> Bool) throws -> [EntryProof] {
        let tree = MerkleTree(entries: log.lazy.map(\.leafBytes))
        guard AuditVerifier.isPrefix(checkpoint, of: tree) else {
            throw AuditLogError("the log no longer matches the checkpoint of size \(checkpoint.size); run `eyhub audit verify`")
        }
        let found = log.indices.filter { matches(log[$0]) }
        guard !found.isEmpty else { throw AuditLogError("no entry in the audit log matches") }
        return try found.map { index in
            guard index < checkpoint.size else {
                throw AuditLogError("""
                    the entry at offset \(log[index].offset) is newer than the newest checkpoint (size \(checkpoint.size)); \
                    run `eyhub audit checkpoint` first
                    """)
            }
            let proof = tree.inclusionProof(leafIndex: index, size: checkpoint.size)
            let leaf = tree.leafHashes[index]
            guard proof.verifies(leafHash: leaf, root: checkpoint.root) else {
                throw AuditLogError("the inclusion proof of leaf \(index) does not verify")
            }
            return EntryProof(entryID: log[index].entryID, leafIndex: index, offset: log[index].offset, treeSize: checkpoint.size,
                              leafHash: leaf.hex, path: proof.path.map(\.hex), root: checkpoint.root.hex)
        }
    }
}
