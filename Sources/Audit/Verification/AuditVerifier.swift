/// Checks the audit log as it is now against the checkpoints an operator signed before, and says
/// where any difference is. Pure: the log and the checkpoints are values, read by the caller.
///
/// For each checkpoint, smallest first: its signature and origin; that its `.leaves` file
/// reproduces its signed root; that its root is the root of the log's prefix of its size (and a
/// consistency proof from it to the log's whole tree verifies); and that a consistency proof from
/// the previous good checkpoint to it verifies. Where the log no longer matches a checkpoint whose
/// leaves are trusted, the difference is classified entry by entry (``LeafDifferences``).
public struct AuditVerifier: Sendable {
    public var key: AuditVerifyingKey
    public var origin: String

    public init(key: AuditVerifyingKey, origin: String = Checkpoint.defaultOrigin) {
        self.key = key
        self.origin = origin
    }

    public func verify(log: [AuditLogRecord], checkpoints saved: [SavedCheckpoint]) -> AuditVerification {
        let logTree = MerkleTree(entries: log.lazy.map(\.leafBytes))
        var checked: [CheckedCheckpoint] = []
        var findings: [AuditFinding] = []
        /// Good checkpoints, with the tree that shows their leaves, if one does.
        var good: [(checkpoint: Checkpoint, tree: MerkleTree?)] = []

        for saved in saved.sorted(by: { $0.size < $1.size }) {
            guard let checkpoint = signedCheckpoint(saved, findings: &findings) else {
                checked.append(CheckedCheckpoint(size: saved.size, signatureValid: false))
                continue
            }
            var status = CheckedCheckpoint(size: checkpoint.size, signatureValid: true)
            var leafTree: MerkleTree?
            if let hashes = saved.leafHashes {
                let tree = MerkleTree(leafHashes: hashes)
                status.leavesReproduceRoot = tree.size == checkpoint.size && tree.root() == checkpoint.root
                if status.leavesReproduceRoot == true {
                    leafTree = tree
                } else {
                    findings.append(AuditFinding(kind: .leavesMismatch, checkpointSize: checkpoint.size,
                                                 detail: "its .leaves file (\(hashes.count) hashes) does not reproduce the signed root"))
                }
            }
            let consistent = Self.isPrefix(checkpoint, of: logTree)
            status.consistentWithLog = consistent
            if !consistent {
                let what = log.count < checkpoint.size
                    ? "the log has \(log.count) entries, fewer than the \(checkpoint.size) this checkpoint signed"
                    : "the log's first \(checkpoint.size) entries no longer have the signed root"
                findings.append(AuditFinding(kind: .logInconsistent, checkpointSize: checkpoint.size,
                                             detail: what + (leafTree == nil ? "; without a trusted .leaves file the entries cannot be named" : "")))
            }
            let tree = leafTree ?? (consistent ? logTree : nil)
            if let previous = good.last {
                if let tree {
                    let proof = tree.consistencyProof(from: previous.checkpoint.size, to: checkpoint.size)
                    status.consistentWithPrevious = tree.root(size: previous.checkpoint.size) == previous.checkpoint.root
                        && proof.verifies(oldRoot: previous.checkpoint.root, newRoot: checkpoint.root)
                    if status.consistentWithPrevious == false {
                        findings.append(AuditFinding(
                            kind: .checkpointsInconsistent, checkpointSize: checkpoint.size,
                            detail: "checkpoint \(previous.checkpoint.size) is not a prefix of this one: the operator signed two different histories"))
                    }
                }
            }
            good.append((checkpoint, tree))
            checked.append(status)
        }
        findings += localise(good: good, log: log, logTree: logTree)
        return AuditVerification(entries: log.count, root: logTree.root().hex, checkpoints: checked, findings: findings)
    }

    /// The checkpoint the note signs, or nil with a finding saying why it cannot be trusted.
    private func signedCheckpoint(_ saved: SavedCheckpoint, findings: inout [AuditFinding]) -> Checkpoint? {
        let checkpoint: Checkpoint
        do { checkpoint = try Checkpoint(note: saved.note, verifiedBy: key) } catch {
            findings.append(AuditFinding(kind: .badCheckpoint, checkpointSize: saved.size, detail: error.description))
            return nil
        }
        guard checkpoint.origin == origin else {
            findings.append(AuditFinding(kind: .badCheckpoint, checkpointSize: saved.size,
                                         detail: "its origin is \(checkpoint.origin), not \(origin)"))
            return nil
        }
        guard checkpoint.size == saved.size else {
            findings.append(AuditFinding(kind: .badCheckpoint, checkpointSize: saved.size,
                                         detail: "its note signs size \(checkpoint.size), not the size in its file name"))
            return nil
        }
        return checkpoint
    }

    /// Whether the checkpoint's tree is a prefix of `tree`, by the prefix root and by a
    /// consistency proof from it to the whole tree.
    static func isPrefix(_ checkpoint: Checkpoint, of tree: MerkleTree) -> Bool {
        guard checkpoint.size <= tree.size, tree.root(size: checkpoint.size) == checkpoint.root else { return false }
        return tree.consistencyProof(from: checkpoint.size).verifies(oldRoot: checkpoint.root, newRoot: tree.root())
    }

    /// Names the entries that differ, newest inconsistent checkpoint first; an older one whose
    /// tree is a prefix of one already compared adds nothing and is skipped.
    private func localise(good: [(checkpoint: Checkpoint, tree: MerkleTree?)], log: [AuditLogRecord], logTree: MerkleTree) -> [AuditFinding] {
        var compared: [MerkleTree] = []
        var seen: Set<LeafDifferences.Difference> = []
        var findings: [AuditFinding] = []
        for (checkpoint, tree) in good.reversed() {
            guard let tree, !Self.isPrefix(checkpoint, of: logTree) else { continue }
            guard !compared.contains(where: { Self.isPrefix(checkpoint, of: $0) }) else { continue }
            compared.append(tree)
            for difference in LeafDifferences(signed: tree.leafHashes, current: logTree.leafHashes).differences
            where seen.insert(difference).inserted {
                findings.append(finding(difference, checkpoint: checkpoint.size, log: log))
            }
        }
        return findings
    }

    private func finding(_ difference: LeafDifferences.Difference, checkpoint: Int, log: [AuditLogRecord]) -> AuditFinding {
        let record = difference.currentIndex.map { log[$0] }
        let kind: AuditFinding.Kind
        let detail: String
        switch difference.kind {
        case .removed:
            kind = .removed
            detail = "the signed entry is not in the log"
        case .altered:
            kind = .altered
            detail = "the entry in its place has different bytes from the signed one"
        case .inserted:
            kind = .inserted
            detail = "this entry is not in the signed tree but sits among its entries"
        case .reordered:
            kind = .reordered
            detail = "the signed entry is in the log at another place"
        }
        return AuditFinding(kind: kind, checkpointSize: checkpoint, leafIndex: difference.signedIndex, currentIndex: difference.currentIndex,
                            offset: record?.offset, entryID: record?.entryID, detail: detail)
    }
}
