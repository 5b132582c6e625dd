import EarlyYearsSchema
import Foundation

/// Header names the resolver puts on what it writes to `eyh.child-events.v1`.
public enum IdentityHeader {
    /// The hub child id (also the Kafka key).
    public static let childID = "eyh.child_id"
    /// The source subject key the event was resolved from.
    public static let sourceKey = "eyh.source_key"
    /// The rule that placed the record (``Resolution/Rule``).
    public static let rule = "eyh.identity.rule"
    /// On a control record instead of an event: `identity-merge` or `identity-split`.
    public static let control = "eyh.control"
}

/// A person's decision about identity, sent by `eyhub identity unlink` and `eyhub identity review`
/// to `eyh.identity-decisions.v1` (kept forever: who decided what, and why) and applied by the
/// resolver in its transaction.
public struct IdentityDecision: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Split a record from the child it is linked to.
        case unlink
        /// A review's two records are the same child.
        case accept
        /// A review's two records are different children.
        case reject
    }

    public var decisionID: String
    public var kind: Kind
    public var sourceKey: String
    /// For a review: the other record.
    public var candidateSourceKey: String?
    public var reviewID: String?
    public var decidedBy: String
    public var reason: String
    public var decidedAt: String

    public init(kind: Kind, sourceKey: String, candidateSourceKey: String? = nil, reviewID: String? = nil, decidedBy: String, reason: String,
                decidedAt: String = Resolver.now(), decisionID: String = "dc_" + UUID().uuidString.lowercased()) {
        self.decisionID = decisionID
        self.kind = kind
        self.sourceKey = sourceKey
        self.candidateSourceKey = candidateSourceKey
        self.reviewID = reviewID
        self.decidedBy = decidedBy
        self.reason = reason
        self.decidedAt = decidedAt
    }

    enum CodingKeys: String, CodingKey {
        case decisionID = "decision_id"
        case kind = "decision"
        case sourceKey = "source_key"
        case candidateSourceKey = "candidate_source_key"
        case reviewID = "review_id"
        case decidedBy = "decided_by"
        case reason
        case decidedAt = "decided_at"
    }
}

/// A record of `eyh.review.identity.v1`, keyed by review id: a pair raised for a person, and
/// later what the person decided. The latest record of a review id is its state.
public struct ReviewRecord: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case open
        case accepted
        case rejected
    }

    public var reviewID: String
    public var status: Status
    /// The pair, when raised.
    public var review: Resolution.Review?
    public var decidedBy: String?
    public var reason: String?
    /// RFC 3339: when raised, or when decided.
    public var at: String

    public init(reviewID: String, status: Status, review: Resolution.Review? = nil, decidedBy: String? = nil, reason: String? = nil, at: String) {
        self.reviewID = reviewID
        self.status = status
        self.review = review
        self.decidedBy = decidedBy
        self.reason = reason
        self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case reviewID = "review_id"
        case status
        case review
        case decidedBy = "decided_by"
        case reason
        case at
    }
}

/// A control record on `eyh.child-events.v1` telling downstream stages that children were joined
/// or split. Each is written twice, keyed by each of the two child ids, so that whichever
/// partitions hold their state both see it, in order with that child's events.
public struct IdentityNotice: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// `from` is now `into`: combine their state under `into`.
        case merge = "identity-merge"
        /// The records of `sourceKey` moved from `from` to the new child `into`: their flags and
        /// relationships move with them.
        case split = "identity-split"
    }

    public var kind: Kind
    public var from: String
    public var into: String
    public var sourceKey: String?
    public var reason: String
    public var decidedBy: String
    public var decidedAt: String

    public init(kind: Kind, from: String, into: String, sourceKey: String?, reason: String, decidedBy: String, decidedAt: String) {
        self.kind = kind
        self.from = from
        self.into = into
        self.sourceKey = sourceKey
        self.reason = reason
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }

    enum CodingKeys: String, CodingKey {
        case kind = "type"
        case from
        case into
        case sourceKey = "source_key"
        case reason
        case decidedBy = "decided_by"
        case decidedAt = "decided_at"
    }
}

extension Encodable {
    /// JSON with sorted keys, as the identity topics hold it.
    func identityJSON() throws -> [UInt8] { Array(try EarlyYearsEvent.encoder().encode(self)) }
}
