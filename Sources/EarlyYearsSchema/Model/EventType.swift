/// What an ``EarlyYearsEvent`` records; it decides the shape of the event's ``Payload``.
public enum EventType: String, Sendable, Hashable, Codable, CaseIterable {
    case contact
    case developmentalReview = "developmental_review"
    case progressCheckTwo = "progress_check_two"
    case eyfsProfile = "eyfs_profile"
    case enrolment
    case attendanceSummary = "attendance_summary"
    case concern
    case referral
    case earlyHelpEpisode = "early_help_episode"
    case cinReferral = "cin_referral"
    case assessment
    case childProtectionPlan = "child_protection_plan"
    case lookedAfter = "looked_after"
    case ehcp
    case safeguardingFlag = "safeguarding_flag"
    case demographicsUpdate = "demographics_update"
    /// The hub's own: the correlator's alert that two or more services flag the same child.
    case multiServiceAlert = "multi_service_alert"
}

/// What the source system did to its record.
public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
    case new
    case update
    case delete
}
