/// Signs a checkpoint of the log as it is now and saves it, but only for a history that extends
/// the newest checkpoint already saved: it never signs over a changed past.
public struct CheckpointSigner: Sendable {
    public var key: AuditSigningKey
    public var origin: String
    public var directory: CheckpointDirectory

    public init(key: AuditSigningKey, origin: String = Checkpoint.defaultOrigin, directory: CheckpointDirectory) {
        self.key = key
        self.origin = origin
        self.directory = directory
    }

    public struct Signed: Sendable, Hashable {
        public var checkpoint: Checkpoint
        public var note: String
        /// False when the folder already held a checkpoint of this size and root (the note is that one).
        public var isNew: Bool
    }

    public func checkpoint(_ log: [AuditLogRecord]) throws -> Signed {
        let tree = MerkleTree(entries: log.lazy.map(\.leafBytes))
        let checkpoint = Checkpoint(origin: origin, size: tree.size, root: tree.root())
        let saved = try directory.load()
        if let newest = saved.last {
            let previous = try Checkpoint(unverifiedNote: newest.note)
            guard AuditVerifier.isPrefix(previous, of: tree) else {
                throw AuditLogError("""
                    the log is not an extension of the newest saved checkpoint (size \(previous.size)): refusing to sign; \
                    run `eyhub audit verify` to see what changed
                    """)
            }
            if previous.size == tree.size {
                return Signed(checkpoint: previous, note: newest.note, isNew: false)
            }
        }
        let note = try checkpoint.signed(with: key)
        try directory.save(note: note, size: tree.size, leafHashes: tree.leafHashes)
        return Signed(checkpoint: checkpoint, note: note, isNew: true)
    }
}
