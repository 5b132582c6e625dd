import EarlyYearsSchema
import SourceFormats

/// Checks a mapping against the schema when it loads: every target exists for its event type
/// and can hold what the rule produces, every required field is mapped, and lookups into closed
/// code lists only produce listed codes.
public struct MappingChecker {
    let catalog: SchemaCatalog

    /// Envelope fields the engine fills itself; a mapping may not set them.
    static let engineOwned = ["event_id", "event_type", "schema_version", "recorded_at", "source", "provenance",
                              "lawful_basis", "special_category", "data_quality", "action", "occurred_at",
                              "subject.nhs_number.check_digit_valid", "subject.upn.valid"]

    /// Whether the hub fills `path` itself, so that no mapping may set it.
    public static func isHubOwned(_ path: String) -> Bool {
        engineOwned.contains { path == $0 || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") }
    }

    func check(_ definition: MappingDefinition) throws(MappingError) {
        try checkLawfulBasis(definition)
        if definition.format == .csv, let path = definition.sourcePaths.first(where: { $0.hasPrefix("$") || $0.hasPrefix("^") }) {
            throw MappingError(file: definition.file, line: nil, field: path,
                               reason: "a CSV row is the whole record: there is no document (\u{24}) or enclosing record (^) to read")
        }
        for (index, event) in definition.events.enumerated() {
            let prefix = "events[\(index)]"
            if let each = event.each {
                switch definition.format {
                case .xml, .json: break
                case .fhir:
                    guard (try? FHIRResourcePath(each))?.namesResources == true else {
                        throw MappingError(file: definition.file, line: event.line, field: "\(prefix).each",
                                           reason: "each in a FHIR mapping names resources: a resource type, with or without a filter, such as Observation[code.coding.code=…]")
                    }
                case .csv, .hl7v2:
                    throw MappingError(file: definition.file, line: event.line, field: "\(prefix).each",
                                       reason: "each is for XML and JSON records and FHIR resources; a \(definition.format.rawValue) record is already one item")
                }
            }
            var mapped: Set<String> = []
            for (target, rule) in event.fields {
                let normalized = Self.normalize(target)
                func fail(_ reason: String) -> MappingError {
                    MappingError(file: definition.file, line: rule.line, field: "\(prefix).fields.\(target)", reason: reason)
                }
                guard !Self.isHubOwned(normalized) else {
                    throw fail("this field is filled by the hub, not by mappings")
                }
                guard let field = catalog.field(normalized, in: event.eventType) else {
                    throw fail("no such field for event type \(event.eventType.rawValue)")
                }
                try checkKind(field.kind, rule: rule, fail: fail)
                mapped.insert(normalized)
            }
            for required in catalog.requiredLeaves(of: event.eventType) {
                guard !Self.isHubOwned(required) else { continue }
                guard mapped.contains(required) else {
                    throw MappingError(file: definition.file, line: event.line, field: "\(prefix).fields.\(required)",
                                       reason: "required for event type \(event.eventType.rawValue) but not mapped")
                }
            }
        }
    }

    private func checkKind(_ kind: SchemaCatalog.Kind, rule: ValueRule, fail: (String) -> MappingError) throws(MappingError) {
        let constant: String? = if case .constant(let value) = rule.origin, rule.lookup == nil { value } else { nil }
        try checkConstant(kind, constant, fail: fail)
        try checkConstant(kind, rule.defaultValue, fail: fail)
        switch kind {
        case .object, .array:
            throw fail("this field holds an object or list; map its members instead")
        case .boolean:
            if let lookup = rule.lookup, !lookup.targets.isSubset(of: ["true", "false"]) { throw fail("the lookup must produce true or false") }
        case .integer, .number:
            if let lookup = rule.lookup, !lookup.targets.allSatisfy({ Double($0) != nil }) { throw fail("the lookup must produce numbers") }
        case .string(_, let allowed?):
            if let lookup = rule.lookup {
                let unknown = lookup.targets.subtracting(allowed)
                if !unknown.isEmpty { throw fail("the lookup produces \(unknown.count) code(s) not in the closed code list: \(unknown.sorted().joined(separator: ", "))") }
            }
        case .string:
            break
        }
    }

    /// Special-category data needs an Article 9 condition, and the conditions that UK law ties to
    /// DPA 2018 Schedule 1 need its paragraph.
    private func checkLawfulBasis(_ definition: MappingDefinition) throws(MappingError) {
        let basis = definition.lawfulBasis
        if definition.specialCategory, basis.article9 == nil {
            throw MappingError(file: definition.file, line: nil, field: "lawful_basis.article_9",
                               reason: "special_category is true, so an Article 9 condition is required (ask the data protection officer)")
        }
        if let article9 = basis.article9, !definition.specialCategory {
            throw MappingError(file: definition.file, line: nil, field: "special_category",
                               reason: "an Article 9 condition (\(article9.rawValue)) is given, so special_category must be true")
        }
        let needsSchedule1: Set<LawfulBasis.Article9> = [.employmentAndSocialProtection, .substantialPublicInterest, .healthOrSocialCare, .publicHealth]
        if let article9 = basis.article9, needsSchedule1.contains(article9), basis.dpaSchedule1Paragraph == nil {
            throw MappingError(file: definition.file, line: nil, field: "lawful_basis.dpa_schedule_1_paragraph",
                               reason: "Article 9 condition \(article9.rawValue) needs the DPA 2018 Schedule 1 paragraph it relies on")
        }
    }

    /// A constant or default must itself be a value of the field's type.
    private func checkConstant(_ kind: SchemaCatalog.Kind, _ value: String?, fail: (String) -> MappingError) throws(MappingError) {
        guard let value else { return }
        switch kind {
        case .boolean where value != "true" && value != "false": throw fail("expected true or false")
        case .integer where Int(value) == nil, .number where Double(value) == nil: throw fail("expected a number")
        case .string(_, let allowed?) where !allowed.contains(value): throw fail("not in the closed code list")
        default: break
        }
    }

    /// `payload.areas[2].score` → `payload.areas[].score`.
    static func normalize(_ target: String) -> String {
        var result = ""
        var skipping = false
        for character in target {
            if character == "[" { skipping = true; result.append("[") }
            else if character == "]" { skipping = false; result.append("]") }
            else if !skipping { result.append(character) }
        }
        return result
    }
}
