/// A children in need referral, in the CIN census code lists.
public struct CINReferralPayload: Sendable, Hashable, Codable {
    public var referralDate: String
    public var referralSource: CINCode.ReferralSource
    public var primaryNeed: CINCode.PrimaryNeed
    public var closureDate: String?
    public var reasonForClosure: CINCode.ReasonForClosure?
    /// Always ``Coding/cinCensus2024``.
    public var codeSystem: String

    public init(
        referralDate: String, referralSource: CINCode.ReferralSource, primaryNeed: CINCode.PrimaryNeed,
        closureDate: String? = nil, reasonForClosure: CINCode.ReasonForClosure? = nil
    ) {
        self.referralDate = referralDate
        self.referralSource = referralSource
        self.primaryNeed = primaryNeed
        self.closureDate = closureDate
        self.reasonForClosure = reasonForClosure
        codeSystem = Coding.cinCensus2024
    }

    enum CodingKeys: String, CodingKey {
        case referralDate = "referral_date"
        case referralSource = "referral_source"
        case primaryNeed = "primary_need"
        case closureDate = "closure_date"
        case reasonForClosure = "reason_for_closure"
        case codeSystem = "code_system"
    }
}

extension CINReferralPayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.date(referralDate, at: "referral_date")
        check.date(closureDate, at: "closure_date")
        check.cinCodeSystem(codeSystem)
    }
}
