import Foundation

/// A person's decision about sharing for one child, sent by `eyhub sharing …` to
/// `eyh.sharing-decisions.v1` (keyed by child id, kept forever) and applied by the router in its
/// transaction, in order with the child's events.
public struct SharingDecision: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A parent objects to sharing for any purpose but safeguarding.
        case object
        case withdrawObjection = "withdraw_objection"
        /// Nothing about the child is shared (an adoption, for example), whatever any agreement says.
        case seal
        case unseal
        /// Share under one safeguarding agreement despite an objection; the reason goes in every audit entry.
        case safeguardingOverride = "safeguarding_override"
        case revokeOverride = "revoke_override"
    }

    public var decisionID: String
    public var kind: Kind
    public var childID: String
    /// For an override: the safeguarding agreement it applies to.
    public var agreementID: String?
    public var decidedBy: String
    public var reason: String
    public var decidedAt: String

    public init(kind: Kind, childID: String, agreementID: String? = nil, decidedBy: String, reason: String, decidedAt: String,
                decisionID: String = "sd_" + UUID().uuidString.lowercased()) {
        self.decisionID = decisionID
        self.kind = kind
        self.childID = childID
        self.agreementID = agreementID
        self.decidedBy = decidedBy
        self.reason = reason
        self.decidedAt = decidedAt
    }

    enum CodingKeys: String, CodingKey {
        case decisionID = "decision_id"
        case kind = "decision"
        case childID = "child_id"
        case agreementID = "agreement_id"
        case decidedBy = "decided_by"
        case reason
        case decidedAt = "decided_at"
    }

    /// Applies the decision to a child's restrictions.
    func apply(to restrictions: inout ChildSharingState.Restrictions) {
        let decided = ChildSharingState.Decided(decisionID: decisionID, by: decidedBy, reason: reason, at: decidedAt)
        switch kind {
        case .object: restrictions.objection = decided
        case .withdrawObjection: restrictions.objection = nil
        case .seal: restrictions.sealed = decided
        case .unseal: restrictions.sealed = nil
        case .safeguardingOverride: if let agreementID { restrictions.overrides[agreementID] = decided }
        case .revokeOverride: if let agreementID { restrictions.overrides[agreementID] = nil }
        }
    }
}
