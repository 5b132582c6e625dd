import EarlyYearsSchema

/// The concern rules (`rules/*.yaml`): which canonical events count as a service's flag about a
/// child, when a flag ends, and when flags from different services make an alert.
public struct ConcernRules: Sendable, Hashable {
    public var id: String
    public var version: String
    public var title: String
    public var flags: [FlagRule]
    public var correlation: CorrelationRule
    /// Where each rule came from, for messages.
    public var file: String

    public init(id: String, version: String, title: String, flags: [FlagRule], correlation: CorrelationRule, file: String) {
        self.id = id
        self.version = version
        self.title = title
        self.flags = flags
        self.correlation = correlation
        self.file = file
    }
}

/// A test on one value of an event: it is one of these strings (or booleans; `null` in the list
/// accepts an absent value), or it is present or absent.
public enum ValueTest: Sendable, Hashable {
    case oneOf([EventTree])
    case present(Bool)

    public func accepts(_ value: EventTree?) -> Bool {
        switch self {
        case .oneOf(let allowed):
            guard let value, value != .null else { return allowed.contains(.null) }
            return allowed.contains(value)
        case .present(let wanted):
            let present = value != nil && value != .null
            return present == wanted
        }
    }
}

/// Which events, or which elements of one of their lists, a flag or an ending matches.
public struct Matcher: Sendable, Hashable {
    public var eventType: EventType
    /// Tests on the event, by dotted path from its root (`payload.instrument`).
    public var when: [String: ValueTest]
    /// A list in the payload whose elements are matched one by one (`payload.areas`).
    public var forEach: String?
    /// Tests on each element of `forEach`, by path inside the element (`band`).
    public var whereElement: [String: ValueTest]

    public init(eventType: EventType, when: [String: ValueTest] = [:], forEach: String? = nil, whereElement: [String: ValueTest] = [:]) {
        self.eventType = eventType
        self.when = when
        self.forEach = forEach
        self.whereElement = whereElement
    }
}

/// How a flag's domain or severity is found: fixed, or read from a field and translated.
public enum DerivedValue<Value: Sendable & Hashable>: Sendable, Hashable {
    case fixed(Value)
    /// The field (inside the element when the matcher has `for_each`, otherwise from the event's
    /// root), its values translated by `map` (a value missing from `map` is used as it is).
    case field(String, map: [String: Value])
}

/// One kind of flag: "an ASQ-3 area below cut-off", "a referral to SLT".
public struct FlagRule: Sendable, Hashable {
    public var id: String
    public var matcher: Matcher
    public var domain: DerivedValue<ConcernPayload.Domain>
    public var severity: DerivedValue<ConcernPayload.Severity>
    /// The event-time date of the flag (`payload.completed_on`), inside the element or from the root.
    public var date: String
    /// Plain English with `{field}` placeholders filled from the element or event: "ASQ-3 {area} below cut-off".
    /// Only coded fields may be placeholders, so no free text (and no personal data) reaches it.
    public var describe: String
    /// A later event from the same service that ends the flag, matched element by element; `same`
    /// names the element field that must agree (the area).
    public var endedBy: [Ending]
    public var line: Int

    public struct Ending: Sendable, Hashable {
        public var matcher: Matcher
        public var same: String?
        public var date: String

        public init(matcher: Matcher, same: String?, date: String) {
            self.matcher = matcher
            self.same = same
            self.date = date
        }
    }

    public init(id: String, matcher: Matcher, domain: DerivedValue<ConcernPayload.Domain>, severity: DerivedValue<ConcernPayload.Severity>,
                date: String, describe: String, endedBy: [Ending] = [], line: Int = 0) {
        self.id = id
        self.matcher = matcher
        self.domain = domain
        self.severity = severity
        self.date = date
        self.describe = describe
        self.endedBy = endedBy
        self.line = line
    }
}

/// When open flags make an alert.
public struct CorrelationRule: Sendable, Hashable {
    /// Two services are different when their source organisations differ, and, with
    /// `distinctServiceTypes`, their kinds of service too.
    public var minimumServices: Int
    public var distinctServiceTypes: Bool
    /// Flags count together when their event-time dates lie within this many months.
    public var windowMonths: Int
    /// Two or more services flagging the same domain raise the alert's severity one level.
    public var sameDomainRaisesSeverity: Bool
    /// A third (or further) service raises it one more.
    public var extraServiceRaisesSeverity: Bool
    /// The lawful basis the alert event carries.
    public var lawfulBasis: LawfulBasis
    /// The next step to suggest, by domain; `default` otherwise.
    public var nextSteps: [ConcernPayload.Domain: String]
    public var defaultNextStep: String

    public init(minimumServices: Int = 2, distinctServiceTypes: Bool = false, windowMonths: Int = 12, sameDomainRaisesSeverity: Bool = true,
                extraServiceRaisesSeverity: Bool = true, lawfulBasis: LawfulBasis, nextSteps: [ConcernPayload.Domain: String] = [:],
                defaultNextStep: String) {
        self.minimumServices = minimumServices
        self.distinctServiceTypes = distinctServiceTypes
        self.windowMonths = windowMonths
        self.sameDomainRaisesSeverity = sameDomainRaisesSeverity
        self.extraServiceRaisesSeverity = extraServiceRaisesSeverity
        self.lawfulBasis = lawfulBasis
        self.nextSteps = nextSteps
        self.defaultNextStep = defaultNextStep
    }
}
