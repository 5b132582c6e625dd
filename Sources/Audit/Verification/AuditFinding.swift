/// One thing wrong with the audit log or its checkpoints. Names places (leaf index, offset,
/// entry id, checkpoint size), never what an entry says.
public struct AuditFinding: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A checkpoint note is malformed, has the wrong origin or size, or its signature does not
        /// verify with the public key.
        case badCheckpoint = "bad_checkpoint"
        /// A checkpoint's `.leaves` file does not reproduce the root its note signs: the file was
        /// edited, so it cannot say which entries changed.
        case leavesMismatch = "leaves_mismatch"
        /// A signed checkpoint's root is not the root of the log's first `size` entries now: the
        /// log's history was changed (or cut short) after the checkpoint was signed.
        case logInconsistent = "log_inconsistent"
        /// Two checkpoints do not describe one history: the older is not a prefix of the newer.
        case checkpointsInconsistent = "checkpoints_inconsistent"
        /// An entry the checkpoint covers is no longer in the log.
        case removed
        /// An entry the checkpoint covers was rewritten in place.
        case altered
        /// An entry not covered by the checkpoint now sits among the entries it covers.
        case inserted
        /// An entry the checkpoint covers is still in the log, in another place.
        case reordered
    }

    public var kind: Kind
    /// The checkpoint (by tree size) that shows it.
    public var checkpointSize: Int?
    /// The entry's index in the signed tree (removed, altered, reordered).
    public var leafIndex: Int?
    /// The entry's index in the log now (altered, inserted, reordered).
    public var currentIndex: Int?
    /// The Kafka offset of the log's record now.
    public var offset: Int64?
    /// The `entry_id` of the log's record now, if its JSON parses.
    public var entryID: String?
    /// One sentence for people.
    public var detail: String

    public init(kind: Kind, checkpointSize: Int? = nil, leafIndex: Int? = nil, currentIndex: Int? = nil, offset: Int64? = nil,
                entryID: String? = nil, detail: String) {
        self.kind = kind
        self.checkpointSize = checkpointSize
        self.leafIndex = leafIndex
        self.currentIndex = currentIndex
        self.offset = offset
        self.entryID = entryID
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case kind
        case checkpointSize = "checkpoint_size"
        case leafIndex = "leaf_index"
        case currentIndex = "current_index"
        case offset
        case entryID = "entry_id"
        case detail
    }
}

/// What one saved checkpoint was checked for, and how each check came out (nil: not possible).
public struct CheckedCheckpoint: Sendable, Hashable, Codable {
    public var size: Int
    public var signatureValid: Bool
    /// Its `.leaves` file reproduces its signed root (nil: no leaves file).
    public var leavesReproduceRoot: Bool?
    /// Its root is the log's prefix root now, and a consistency proof to the log's tree verifies.
    public var consistentWithLog: Bool?
    /// A consistency proof from the previous good checkpoint to this one verifies.
    public var consistentWithPrevious: Bool?

    enum CodingKeys: String, CodingKey {
        case size
        case signatureValid = "signature_valid"
        case leavesReproduceRoot = "leaves_reproduce_root"
        case consistentWithLog = "consistent_with_log"
        case consistentWithPrevious = "consistent_with_previous"
    }
}

/// The verifier's report.
public struct AuditVerification: Sendable, Hashable, Codable {
    public var entries: Int
    public var root: String
    public var checkpoints: [CheckedCheckpoint]
    public var findings: [AuditFinding]

    public var isClean: Bool { findings.isEmpty }

    /// "checked 1,234 entries against 3 checkpoints: consistent", then a line a finding.
    public var summary: String {
        let counted = "checked \(Self.grouped(entries)) entries against \(checkpoints.count) checkpoint\(checkpoints.count == 1 ? "" : "s")"
        guard !isClean else {
            let newest = checkpoints.map(\.size).max() ?? 0
            let uncovered = entries - newest
            return "\(counted): consistent" + (uncovered > 0 ? "\n\(Self.grouped(uncovered)) entries since the newest checkpoint are not yet signed" : "")
        }
        let kinds = AuditFinding.Kind.allCases.compactMap { kind -> String? in
            let count = findings.filter { $0.kind == kind }.count
            return count == 0 ? nil : "\(count) \(kind.rawValue)"
        }
        var lines = ["\(counted): \(findings.count) finding\(findings.count == 1 ? "" : "s") (\(kinds.joined(separator: ", ")))"]
        for finding in findings {
            var place: [String] = []
            if let size = finding.checkpointSize { place.append("checkpoint \(size)") }
            if let index = finding.leafIndex { place.append("leaf \(index)") }
            if let index = finding.currentIndex { place.append("now at \(index)") }
            if let offset = finding.offset { place.append("offset \(offset)") }
            if let id = finding.entryID { place.append(id) }
            lines.append("  \(finding.kind.rawValue): \(place.joined(separator: ", ")): \(finding.detail)")
        }
        return lines.joined(separator: "\n")
    }

    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var text = ""
        for (position, digit) in digits.enumerated() {
            if position > 0 && (digits.count - position) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return (number < 0 ? "-" : "") + text
    }
}
