import EarlyYearsSchema

/// Says, for each field of a mapped event, which rule and source path produced it.
public struct MappingExplainer: Sendable {
    public let definition: MappingDefinition

    public init(definition: MappingDefinition) {
        self.definition = definition
    }

    /// The explanation for one output leaf (`subject.given_names[0]`) of an event made by rule
    /// number `rule`.
    public func explain(_ leaf: String, rule index: Int) -> String {
        let rule = definition.events[index]
        let file = definition.file.split(separator: "/").last.map(String.init) ?? definition.file
        let eventRule = "\(file):\(rule.line) events[\(index)]"
        if let hub = Self.hubFields.first(where: { leaf == $0.key || leaf.hasPrefix($0.key + ".") || leaf.hasPrefix($0.key + "[") }) {
            return hub.value
        }
        let envelope: [String: ValueRule?] = [
            "action": rule.action, "occurred_at": rule.occurredAt, "source.record_id": rule.recordID,
            "source.record_version": rule.recordVersion, "source.org_code": definition.source.orgCode,
        ]
        if let found = envelope[leaf], let valueRule = found {
            return "\(file):\(valueRule.line) \(leaf): \(describe(valueRule))" + (rule.each.map { " (each \($0))" } ?? "")
        }
        if leaf == "event_type" { return "\(eventRule) event_type" }
        if leaf.hasPrefix("source.") || leaf.hasPrefix("lawful_basis") || leaf == "special_category" {
            return "\(file) header \(leaf.split(separator: ".").first!)"
        }
        if leaf == "event_id" {
            return "hub: SHA-256 of source.system, source.org_code, record_id, record_version (or the mapped content), event_type and \(eventRule)"
        }
        let normalized = MappingChecker.normalize(leaf)
        let match = rule.fields.first { $0.target == leaf }
            ?? rule.fields.first { $0.target.hasSuffix("[]") && MappingChecker.normalize($0.target) == normalized }
            ?? rule.fields.first { MappingChecker.normalize($0.target) == normalized && !$0.target.contains("[") }
        guard let match else { return "\(eventRule): no field rule (a default of the schema)" }
        return "\(file):\(match.rule.line) \(match.target): \(describe(match.rule))" + (rule.each.map { " (each \($0))" } ?? "")
    }

    static let hubFields: [String: String] = [
        "recorded_at": "hub: the time the record was mapped",
        "schema_version": "hub: schema version",
        "provenance": "hub: adapter, mapping id and version, and the record's place in its input",
        "data_quality": "hub: subject checks (identifiers, names, birth date, postcode)",
        "subject.nhs_number.check_digit_valid": "hub: NHS number Modulus 11 check",
        "subject.upn.valid": "hub: UPN check letter",
    ]

    /// `path dob | trim | date d/M/yyyy, yyyy-MM-dd`.
    func describe(_ rule: ValueRule) -> String {
        var steps: [String] = rule.when == nil ? [] : ["when …"]
        switch rule.origin {
        case .path(let path): steps.append("path \(path)")
        case .paths(let paths, let separator): steps.append("paths \(paths.joined(separator: ", "))" + (separator.map { " concat \"\($0)\"" } ?? ""))
        case .constant(let value): steps.append("constant \"\(value)\"")
        }
        steps += rule.transforms.map(\.rawValue)
        if let name = rule.name { steps.append("name \(name.rawValue)") }
        if let split = rule.split { steps.append("split \"\(split)\"") }
        if let lookup = rule.lookup { steps.append("lookup (\(lookup.table.count) codes)") }
        if let (operation, _) = rule.arithmetic { steps.append("arithmetic \(operation.rawValue)") }
        if let date = rule.date { steps.append("date \(date.formats.joined(separator: ", "))") }
        if let dateTime = rule.dateTime { steps.append("date_time \(dateTime.formats.joined(separator: ", "))") }
        if let fallback = rule.defaultValue { steps.append("default \"\(fallback)\"") }
        return steps.joined(separator: " | ")
    }
}
