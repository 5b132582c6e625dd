/// Header names on every record the router writes to a recipient's `eyh.share.<recipient>.v1`
/// topic: where it came from and why the recipient may have it.
public enum ShareHeader {
    public static let agreementID = "eyh.agreement.id"
    public static let agreementVersion = "eyh.agreement.version"
    /// HL7 v3 PurposeOfUse code.
    public static let purpose = "eyh.purpose"
    /// The router's decision id, also in the audit entry.
    public static let decisionID = "eyh.decision_id"
    /// The audit entry's id.
    public static let auditEntryID = "eyh.audit.entry_id"
    /// `disclosure`, `correction`, `retraction` or `retention_deletion`.
    public static let kind = "eyh.share.kind"
    /// The hub child id (also the key).
    public static let childID = "eyh.child_id"
    /// A digest of the source record: the same for every version of it, so a recipient can tell
    /// which of its records a correction or retraction replaces.
    public static let recordKey = "eyh.record_key"
}
