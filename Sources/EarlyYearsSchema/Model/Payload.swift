/// What an event says, shaped by its ``EventType``: one case per event type.
public enum Payload: Sendable, Hashable {
    case contact(ContactPayload)
    case developmentalReview(DevelopmentalReviewPayload)
    case progressCheckTwo(ProgressCheckTwoPayload)
    case eyfsProfile(EYFSProfilePayload)
    case enrolment(EnrolmentPayload)
    case attendanceSummary(AttendanceSummaryPayload)
    case concern(ConcernPayload)
    case referral(ReferralPayload)
    case earlyHelpEpisode(EarlyHelpEpisodePayload)
    case cinReferral(CINReferralPayload)
    case assessment(AssessmentPayload)
    case childProtectionPlan(ChildProtectionPlanPayload)
    case lookedAfter(LookedAfterPayload)
    case ehcp(EHCPPayload)
    case safeguardingFlag(SafeguardingFlagPayload)
    case demographicsUpdate(DemographicsUpdatePayload)
    case multiServiceAlert(MultiServiceAlertPayload)

    public var eventType: EventType {
        switch self {
        case .contact: .contact
        case .developmentalReview: .developmentalReview
        case .progressCheckTwo: .progressCheckTwo
        case .eyfsProfile: .eyfsProfile
        case .enrolment: .enrolment
        case .attendanceSummary: .attendanceSummary
        case .concern: .concern
        case .referral: .referral
        case .earlyHelpEpisode: .earlyHelpEpisode
        case .cinReferral: .cinReferral
        case .assessment: .assessment
        case .childProtectionPlan: .childProtectionPlan
        case .lookedAfter: .lookedAfter
        case .ehcp: .ehcp
        case .safeguardingFlag: .safeguardingFlag
        case .demographicsUpdate: .demographicsUpdate
        case .multiServiceAlert: .multiServiceAlert
        }
    }

    var content: any PayloadValidating & Encodable {
        switch self {
        case .contact(let payload): payload
        case .developmentalReview(let payload): payload
        case .progressCheckTwo(let payload): payload
        case .eyfsProfile(let payload): payload
        case .enrolment(let payload): payload
        case .attendanceSummary(let payload): payload
        case .concern(let payload): payload
        case .referral(let payload): payload
        case .earlyHelpEpisode(let payload): payload
        case .cinReferral(let payload): payload
        case .assessment(let payload): payload
        case .childProtectionPlan(let payload): payload
        case .lookedAfter(let payload): payload
        case .ehcp(let payload): payload
        case .safeguardingFlag(let payload): payload
        case .demographicsUpdate(let payload): payload
        case .multiServiceAlert(let payload): payload
        }
    }

    /// Decodes the payload shape that `eventType` calls for.
    public init(eventType: EventType, from decoder: any Decoder) throws {
        switch eventType {
        case .contact: self = .contact(try ContactPayload(from: decoder))
        case .developmentalReview: self = .developmentalReview(try DevelopmentalReviewPayload(from: decoder))
        case .progressCheckTwo: self = .progressCheckTwo(try ProgressCheckTwoPayload(from: decoder))
        case .eyfsProfile: self = .eyfsProfile(try EYFSProfilePayload(from: decoder))
        case .enrolment: self = .enrolment(try EnrolmentPayload(from: decoder))
        case .attendanceSummary: self = .attendanceSummary(try AttendanceSummaryPayload(from: decoder))
        case .concern: self = .concern(try ConcernPayload(from: decoder))
        case .referral: self = .referral(try ReferralPayload(from: decoder))
        case .earlyHelpEpisode: self = .earlyHelpEpisode(try EarlyHelpEpisodePayload(from: decoder))
        case .cinReferral: self = .cinReferral(try CINReferralPayload(from: decoder))
        case .assessment: self = .assessment(try AssessmentPayload(from: decoder))
        case .childProtectionPlan: self = .childProtectionPlan(try ChildProtectionPlanPayload(from: decoder))
        case .lookedAfter: self = .lookedAfter(try LookedAfterPayload(from: decoder))
        case .ehcp: self = .ehcp(try EHCPPayload(from: decoder))
        case .safeguardingFlag: self = .safeguardingFlag(try SafeguardingFlagPayload(from: decoder))
        case .demographicsUpdate: self = .demographicsUpdate(try DemographicsUpdatePayload(from: decoder))
        case .multiServiceAlert: self = .multiServiceAlert(try MultiServiceAlertPayload(from: decoder))
        }
    }
}

extension CodingUserInfoKey {
    /// The ``EventType`` a bare ``Payload`` is decoded as; ``EarlyYearsEvent`` takes it from `event_type`.
    public static let payloadEventType = CodingUserInfoKey(rawValue: "eyhub.payloadEventType")!
}

extension Payload: Codable {
    /// A payload on its own does not say its type: set ``CodingUserInfoKey/payloadEventType``.
    public init(from decoder: any Decoder) throws {
        guard let eventType = decoder.userInfo[.payloadEventType] as? EventType else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a bare payload needs its event type in userInfo[.payloadEventType]"))
        }
        try self.init(eventType: eventType, from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try content.encode(to: encoder)
    }
}
