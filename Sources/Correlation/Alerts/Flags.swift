import EarlyYearsSchema

/// A service, as flags and alerts name it.
public struct ServiceRef: Sendable, Hashable, Codable {
    public var orgType: Source.OrgType
    public var orgCode: String
    public var orgName: String?

    public init(orgType: Source.OrgType, orgCode: String, orgName: String?) {
        self.orgType = orgType
        self.orgCode = orgCode
        self.orgName = orgName
    }

    enum CodingKeys: String, CodingKey {
        case orgType = "org_type"
        case orgCode = "org_code"
        case orgName = "org_name"
    }

    /// How it is named in an explanation: its name, or its kind and code.
    public var displayName: String { orgName ?? "\(orgType.rawValue.replacingOccurrences(of: "_", with: " ")) \(orgCode)" }
}

/// One flag a service's record raised.
public struct Flag: Sendable, Hashable, Codable {
    public var rule: String
    public var domain: ConcernPayload.Domain
    public var severity: ConcernPayload.Severity
    /// `yyyy-MM-dd`.
    public var date: String
    public var description: String
    public var eventID: String
    public var service: ServiceRef
    /// The value of the rule's `same` field (the area), which an ending must match.
    public var same: String?
    /// The source record (`org/system/record_id`) it came from.
    public var record: String

    enum CodingKeys: String, CodingKey {
        case rule, domain, severity, date, description, service, same, record
        case eventID = "event_id"
    }

    /// Whether `ending` ends this flag: the same rule and service; for an ending about the record
    /// itself, that record on or after the flag's date; otherwise a later date (a same-day
    /// change of the same check is a correction, not a later review).
    func isEnded(by ending: Ending) -> Bool {
        guard ending.rule == rule, ending.orgCode == service.orgCode, ending.same == same else { return false }
        if let own = ending.record { return own == record && ending.date >= date }
        return ending.date > date
    }
}

/// That a service's later record ends its flags of one rule (for one area) dated before `date`.
public struct Ending: Sendable, Hashable, Codable {
    public var rule: String
    public var orgCode: String
    public var same: String?
    public var date: String
    /// Set for an ending about the record itself (a closed concern, a closed episode): it ends
    /// only that record's flags.
    public var record: String?

    enum CodingKeys: String, CodingKey {
        case rule, same, date, record
        case orgCode = "org_code"
    }
}

extension EventTree {
    /// The value at a dotted path of object keys, or `nil`.
    func value(at path: String) -> EventTree? {
        var node = self
        for key in path.split(separator: ".") {
            guard case .object(let object) = node, let next = object[String(key)] else { return nil }
            node = next
        }
        return node
    }

    var text: String? {
        switch self {
        case .string(let text): text
        case .bool(let value): value ? "true" : "false"
        default: nil
        }
    }
}

extension Matcher {
    /// The elements (or the whole event, without `for_each`) that match; empty when none do.
    func matches(_ event: EarlyYearsEvent, tree: EventTree) -> [EventTree] {
        guard event.eventType == eventType else { return [] }
        for (path, test) in when where !test.accepts(tree.value(at: path)) { return [] }
        guard let forEach else { return [tree] }
        guard case .array(let elements)? = tree.value(at: forEach) else { return [] }
        return elements.filter { element in whereElement.allSatisfy { $0.value.accepts(element.value(at: $0.key)) } }
    }
}

extension FlagRule {
    func value(_ path: String, element: EventTree, tree: EventTree) -> EventTree? {
        matcher.forEach == nil ? tree.value(at: path) : (element.value(at: path) ?? tree.value(at: path))
    }

    func derive<Value>(_ derived: DerivedValue<Value>, element: EventTree, tree: EventTree, parse: (String) -> Value?) -> Value? {
        switch derived {
        case .fixed(let value): return value
        case .field(let path, let map):
            guard let text = value(path, element: element, tree: tree)?.text else { return nil }
            return map[text] ?? parse(text)
        }
    }

    /// The description with each `{field}` replaced by its coded value in words.
    func described(element: EventTree, tree: EventTree) -> String {
        var result = ""
        var rest = Substring(describe)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            result += (value(name, element: element, tree: tree)?.text ?? "unknown").replacingOccurrences(of: "_", with: " ")
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}

/// `yyyy-MM-dd` from a date or an RFC 3339 date-time.
func day(_ text: String?) -> String? {
    guard let text, text.utf8.count >= 10 else { return nil }
    let prefix = String(text.prefix(10))
    return prefix.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil ? nil : prefix
}

extension ConcernRules {
    /// The flags and endings one event carries under these rules.
    func assess(_ event: EarlyYearsEvent, tree: EventTree, record: String) -> (flags: [Flag], endings: [Ending]) {
        let service = ServiceRef(orgType: event.source.orgType, orgCode: event.source.orgCode, orgName: event.source.orgName)
        var flags: [Flag] = []
        var endings: [Ending] = []
        for rule in self.flags {
            for element in rule.matcher.matches(event, tree: tree) {
                guard let domain = rule.derive(rule.domain, element: element, tree: tree, parse: ConcernPayload.Domain.init(rawValue:)),
                      let severity = rule.derive(rule.severity, element: element, tree: tree, parse: ConcernPayload.Severity.init(rawValue:)),
                      let date = day(rule.value(rule.date, element: element, tree: tree)?.text) else { continue }
                let same = rule.endedBy.compactMap(\.same).first.flatMap { element.value(at: $0)?.text }
                flags.append(Flag(rule: rule.id, domain: domain, severity: severity, date: date, description: rule.described(element: element, tree: tree),
                                  eventID: event.eventID, service: service, same: same, record: record))
            }
            for ending in rule.endedBy {
                for element in ending.matcher.matches(event, tree: tree) {
                    let dateValue = ending.matcher.forEach == nil ? tree.value(at: ending.date) : (element.value(at: ending.date) ?? tree.value(at: ending.date))
                    guard let date = day(dateValue?.text) else { continue }
                    endings.append(Ending(rule: rule.id, orgCode: service.orgCode, same: ending.same.flatMap { element.value(at: $0)?.text }, date: date,
                                          record: ending.matcher.forEach == nil ? record : nil))
                }
            }
        }
        return (flags, endings)
    }
}
