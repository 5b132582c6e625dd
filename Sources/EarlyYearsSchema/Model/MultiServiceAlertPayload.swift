/// The hub's own event: two or more services flag the same child (the correlator's alert, one
/// record per step of its lifecycle). It is routed like any other event type, so a service sees an
/// alert only under an agreement that lists `multi_service_alert`, minimised to that agreement.
public struct MultiServiceAlertPayload: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case raised
        case escalated
        case acknowledged
        case resolved
        case withdrawn

        /// Raised, escalated or acknowledged: the alert still wants someone's attention.
        public var isOpen: Bool { self == .raised || self == .escalated || self == .acknowledged }
    }

    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case low
        case medium
        case high
        case critical

        public var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
        /// This severity raised by `steps` levels, at most ``critical``.
        public func raised(by steps: Int) -> Severity { Self.allCases[min(Self.allCases.count - 1, rank + max(0, steps))] }
    }

    /// One service's flag that the alert rests on.
    public struct Flag: Sendable, Hashable, Codable {
        /// The concern rule flag id, such as `asq3-area-below-cutoff`.
        public var rule: String
        public var domain: ConcernPayload.Domain
        public var severity: ConcernPayload.Severity
        /// `yyyy-MM-dd`, the flag's event time.
        public var flaggedOn: String
        /// Plain English, without personal data: "ASQ-3 communication below cut-off".
        public var description: String
        /// The canonical event the flag came from.
        public var evidenceEventID: String

        public init(rule: String, domain: ConcernPayload.Domain, severity: ConcernPayload.Severity, flaggedOn: String,
                    description: String, evidenceEventID: String) {
            self.rule = rule
            self.domain = domain
            self.severity = severity
            self.flaggedOn = flaggedOn
            self.description = description
            self.evidenceEventID = evidenceEventID
        }

        enum CodingKeys: String, CodingKey {
            case rule
            case domain
            case severity
            case flaggedOn = "flagged_on"
            case description
            case evidenceEventID = "evidence_event_id"
        }
    }

    /// A service whose flags the alert rests on.
    public struct Service: Sendable, Hashable, Codable {
        public var orgType: Source.OrgType
        public var orgCode: String
        public var orgName: String?
        public var flags: [Flag]

        public init(orgType: Source.OrgType, orgCode: String, orgName: String?, flags: [Flag]) {
            self.orgType = orgType
            self.orgCode = orgCode
            self.orgName = orgName
            self.flags = flags
        }

        enum CodingKeys: String, CodingKey {
            case orgType = "org_type"
            case orgCode = "org_code"
            case orgName = "org_name"
            case flags
        }
    }

    public var alertID: String
    public var state: State
    /// 1 for the record that raised the alert, one more for each later record of it.
    public var sequence: Int
    public var severity: Severity
    public var ruleID: String
    public var ruleVersion: String
    /// `yyyy-MM-dd`: the event time of the flag that raised the alert.
    public var raisedOn: String
    public var services: [Service]
    public var domains: [ConcernPayload.Domain]
    /// Domains that two or more services flag.
    public var sharedDomains: [ConcernPayload.Domain]
    public var explanation: String
    public var nextStep: String
    /// Who acknowledged or resolved it (`eyhub correlator` when the hub did).
    public var changedBy: String?
    /// Their note or reason; for a withdrawal, why.
    public var changeNote: String?

    public init(alertID: String, state: State, sequence: Int, severity: Severity, ruleID: String, ruleVersion: String, raisedOn: String,
                services: [Service], domains: [ConcernPayload.Domain], sharedDomains: [ConcernPayload.Domain], explanation: String,
                nextStep: String, changedBy: String? = nil, changeNote: String? = nil) {
        self.alertID = alertID
        self.state = state
        self.sequence = sequence
        self.severity = severity
        self.ruleID = ruleID
        self.ruleVersion = ruleVersion
        self.raisedOn = raisedOn
        self.services = services
        self.domains = domains
        self.sharedDomains = sharedDomains
        self.explanation = explanation
        self.nextStep = nextStep
        self.changedBy = changedBy
        self.changeNote = changeNote
    }

    enum CodingKeys: String, CodingKey {
        case alertID = "alert_id"
        case state
        case sequence
        case severity
        case ruleID = "rule_id"
        case ruleVersion = "rule_version"
        case raisedOn = "raised_on"
        case services
        case domains
        case sharedDomains = "shared_domains"
        case explanation
        case nextStep = "next_step"
        case changedBy = "changed_by"
        case changeNote = "change_note"
    }
}

extension MultiServiceAlertPayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.date(raisedOn, at: "raised_on")
        if alertID.utf8.count != 35 || !alertID.hasPrefix("al_") || !alertID.utf8.dropFirst(3).allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) {
            check.fail(at: "alert_id", rule: "pattern", message: "not al_ and 32 lower-case hexadecimal digits")
        }
        if ruleID.isEmpty { check.fail(at: "rule_id", rule: "min_length", message: "empty") }
        if ruleVersion.isEmpty { check.fail(at: "rule_version", rule: "min_length", message: "empty") }
        if explanation.isEmpty { check.fail(at: "explanation", rule: "min_length", message: "empty") }
        if nextStep.isEmpty { check.fail(at: "next_step", rule: "min_length", message: "empty") }
        if changedBy?.isEmpty == true { check.fail(at: "changed_by", rule: "min_length", message: "empty") }
        check.range(sequence, 1...1_000_000, at: "sequence")
        for (serviceIndex, service) in services.enumerated() {
            if service.orgCode.isEmpty { check.fail(at: "services[\(serviceIndex)].org_code", rule: "min_length", message: "empty") }
            if service.flags.isEmpty { check.fail(at: "services[\(serviceIndex)].flags", rule: "min_items", message: "a service is listed for its flags") }
            for (index, flag) in service.flags.enumerated() {
                check.date(flag.flaggedOn, at: "services[\(serviceIndex)].flags[\(index)].flagged_on")
                let id = flag.evidenceEventID.utf8
                if id.count != 64 || !id.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) {
                    check.fail(at: "services[\(serviceIndex)].flags[\(index)].evidence_event_id", rule: "pattern", message: "not 64 lower-case hexadecimal digits")
                }
            }
        }
    }
}
