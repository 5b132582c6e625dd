import EarlyYearsSchema
import Foundation
import Yams

/// A concern rules file that cannot be used, with the file, line and field at fault.
public struct RuleError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var field: String
    public var reason: String

    public init(file: String, line: Int?, field: String, reason: String) {
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(field): \(reason)" }
}

/// Reads `rules/*.yaml` and checks every path, value and placeholder against the published schema,
/// so that a rule that could never match fails when it loads, not silently in production.
public enum ConcernRulesLoader {
    public static func load(contentsOf url: URL, catalog: SchemaCatalog) throws(RuleError) -> ConcernRules {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw RuleError(file: url.path, line: nil, field: "-", reason: "the file cannot be read")
        }
        return try load(yaml: String(decoding: data, as: UTF8.self), file: url.path, catalog: catalog)
    }

    public static func load(yaml: String, file: String, catalog: SchemaCatalog) throws(RuleError) -> ConcernRules {
        try RuleReader(file: file, catalog: catalog).rules(yaml)
    }

    /// Every rules file of `directory` (`*.yaml`, in name order), loaded; flag ids must be unique across them.
    public static func loadAll(in directory: URL, catalog: SchemaCatalog) throws(RuleError) -> [ConcernRules] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw RuleError(file: directory.path, line: nil, field: "-", reason: "the rules folder cannot be read")
        }
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard !files.isEmpty else { throw RuleError(file: directory.path, line: nil, field: "-", reason: "the rules folder holds no rules file") }
        var all: [ConcernRules] = []
        var ids: [String: String] = [:]
        for name in files {
            let rules = try load(contentsOf: directory.appendingPathComponent(name), catalog: catalog)
            if let other = ids[rules.id] {
                throw RuleError(file: rules.file, line: 1, field: "id", reason: "rule set \(rules.id) is also defined in \(other)")
            }
            ids[rules.id] = rules.file
            all.append(rules)
        }
        return all
    }
}

private struct RuleReader {
    let file: String
    let catalog: SchemaCatalog

    func fail(_ node: Node?, _ field: String, _ reason: String) -> RuleError {
        RuleError(file: file, line: node?.mark?.line, field: field, reason: reason)
    }

    func rules(_ yaml: String) throws(RuleError) -> ConcernRules {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else { throw fail(nil, "-", "the file is empty") }
            root = node
        } catch let error as RuleError {
            throw error
        } catch let error as YamlError {
            var line: Int?
            switch error {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): line = mark.line
            default: line = nil
            }
            throw RuleError(file: file, line: line, field: "-", reason: "not valid YAML")
        } catch {
            throw RuleError(file: file, line: nil, field: "-", reason: "not valid YAML")
        }
        let top = try mapping(root, "rules", allowed: ["id", "version", "title", "flags", "correlation"])
        let id = try string(try member(top, "id", of: root, "id"), "id")
        guard id.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
            throw fail(top["id"], "id", "must be lower-case letters, digits and hyphens")
        }
        var flags: [FlagRule] = []
        var seen: Set<String> = []
        let flagsNode = try member(top, "flags", of: root, "flags")
        for (index, node) in try sequence(flagsNode, "flags").enumerated() {
            let flag = try flagRule(node, "flags[\(index)]")
            guard seen.insert(flag.id).inserted else { throw fail(node, "flags[\(index)].id", "flag id \(flag.id) is used twice") }
            flags.append(flag)
        }
        guard !flags.isEmpty else { throw fail(flagsNode, "flags", "a rule set defines at least one flag") }
        return ConcernRules(
            id: id, version: try string(try member(top, "version", of: root, "version"), "version"),
            title: try string(try member(top, "title", of: root, "title"), "title"), flags: flags,
            correlation: try correlation(try member(top, "correlation", of: root, "correlation"), "correlation"), file: file)
    }

    func flagRule(_ node: Node, _ field: String) throws(RuleError) -> FlagRule {
        let members = try mapping(node, field, allowed: [
            "id", "event_type", "when", "for_each", "where", "domain", "severity", "date", "describe", "ends_when",
        ])
        let id = try string(try member(members, "id", of: node, field), "\(field).id")
        guard id.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
            throw fail(members["id"], "\(field).id", "must be lower-case letters, digits and hyphens")
        }
        let matcher = try self.matcher(members, node, field)
        let domain: DerivedValue<ConcernPayload.Domain> = try derived(
            try member(members, "domain", of: node, field), "\(field).domain", matcher: matcher, parse: ConcernPayload.Domain.init(rawValue:))
        let severity: DerivedValue<ConcernPayload.Severity> = try derived(
            try member(members, "severity", of: node, field), "\(field).severity", matcher: matcher, parse: ConcernPayload.Severity.init(rawValue:))
        let dateNode = try member(members, "date", of: node, field)
        let date = try string(dateNode, "\(field).date")
        try checkDate(date, dateNode, "\(field).date", matcher: matcher)
        let describeNode = try member(members, "describe", of: node, field)
        let describe = try string(describeNode, "\(field).describe")
        try checkPlaceholders(describe, describeNode, "\(field).describe", matcher: matcher)
        var endings: [FlagRule.Ending] = []
        if let endsNode = members["ends_when"] {
            for (index, endNode) in try sequence(endsNode, "\(field).ends_when").enumerated() {
                let endField = "\(field).ends_when[\(index)]"
                let endMembers = try mapping(endNode, endField, allowed: ["event_type", "when", "for_each", "where", "same", "date"])
                let endMatcher = try self.matcher(endMembers, endNode, endField)
                var same: String?
                if let sameNode = endMembers["same"] {
                    let path = try string(sameNode, "\(endField).same")
                    guard let forEach = matcher.forEach, endMatcher.forEach != nil,
                          catalog.field("\(forEach)[].\(path)", in: matcher.eventType) != nil,
                          catalog.field("\(endMatcher.forEach!)[].\(path)", in: endMatcher.eventType) != nil else {
                        throw fail(sameNode, "\(endField).same", "must name a field of the elements of both the flag's and the ending's for_each lists")
                    }
                    same = path
                }
                let endDateNode = try member(endMembers, "date", of: endNode, endField)
                let endDate = try string(endDateNode, "\(endField).date")
                try checkDate(endDate, endDateNode, "\(endField).date", matcher: endMatcher)
                endings.append(FlagRule.Ending(matcher: endMatcher, same: same, date: endDate))
            }
        }
        return FlagRule(id: id, matcher: matcher, domain: domain, severity: severity, date: date, describe: describe, endedBy: endings,
                        line: node.mark?.line ?? 0)
    }

    func matcher(_ members: [String: Node], _ node: Node, _ field: String) throws(RuleError) -> Matcher {
        let typeNode = try member(members, "event_type", of: node, field)
        guard let type = EventType(rawValue: try string(typeNode, "\(field).event_type")), type != .multiServiceAlert else {
            throw fail(typeNode, "\(field).event_type", "not an event type a service records; expected one of \(EventType.allCases.filter { $0 != .multiServiceAlert }.map(\.rawValue).joined(separator: ", "))")
        }
        var when: [String: ValueTest] = [:]
        if let whenNode = members["when"] {
            for (key, valueNode) in try pairs(whenNode, "\(field).when") {
                when[key] = try test(valueNode, "\(field).when.\(key)", path: key, type: type)
            }
        }
        var forEach: String?
        if let forEachNode = members["for_each"] {
            let path = try string(forEachNode, "\(field).for_each")
            guard catalog.field(path, in: type)?.kind == .array else {
                throw fail(forEachNode, "\(field).for_each", "\(type.rawValue) has no list at \(path)")
            }
            forEach = path
        }
        var whereElement: [String: ValueTest] = [:]
        if let whereNode = members["where"] {
            guard let forEach else { throw fail(whereNode, "\(field).where", "where tests the elements of for_each: name the list") }
            for (key, valueNode) in try pairs(whereNode, "\(field).where") {
                whereElement[key] = try test(valueNode, "\(field).where.\(key)", path: "\(forEach)[].\(key)", type: type)
            }
        }
        return Matcher(eventType: type, when: when, forEach: forEach, whereElement: whereElement)
    }

    /// The catalog path of a field named relative to the element (with `for_each`) or the event.
    func catalogPath(_ path: String, matcher: Matcher) -> String {
        matcher.forEach.map { "\($0)[].\(path)" } ?? path
    }

    func test(_ node: Node, _ field: String, path: String, type: EventType) throws(RuleError) -> ValueTest {
        guard let schemaField = catalog.field(path, in: type) else { throw fail(node, field, "\(type.rawValue) has no field \(path)") }
        if case .mapping = node {
            let members = try mapping(node, field, allowed: ["present"])
            guard let present = members["present"]?.bool else { throw fail(node, field, "expected present: true or present: false") }
            return .present(present)
        }
        let items: [Node] = if case .sequence = node { try sequence(node, field) } else { [node] }
        var values: [EventTree] = []
        for item in items {
            if case .scalar(let scalar) = item, scalar.style == .plain, ["~", "null"].contains(scalar.string) {
                values.append(.null)
                continue
            }
            switch schemaField.kind {
            case .boolean:
                guard let value = item.bool else { throw fail(item, field, "\(path) is true or false") }
                values.append(.bool(value))
            case .string(_, let allowed):
                let value = try string(item, field)
                if let allowed, !allowed.contains(value) {
                    throw fail(item, field, "\(value) is not a value of \(path); expected one of \(allowed.joined(separator: ", "))")
                }
                values.append(.string(value))
            default:
                throw fail(item, field, "\(path) is not a coded field; test it with present: true or false")
            }
        }
        return .oneOf(values)
    }

    func derived<Value>(_ node: Node, _ field: String, matcher: Matcher, parse: (String) -> Value?) throws(RuleError) -> DerivedValue<Value> {
        if case .scalar = node {
            let text = try string(node, field)
            guard let value = parse(text) else { throw fail(node, field, "\(text) is not a value this can take") }
            return .fixed(value)
        }
        let members = try mapping(node, field, allowed: ["field", "map"])
        guard let fieldNode = members["field"] else { throw fail(node, "\(field).field", "required: the field to read it from") }
        let path = try string(fieldNode, "\(field).field")
        guard case .string(_, let allowed)? = catalog.field(catalogPath(path, matcher: matcher), in: matcher.eventType)?.kind, let allowed else {
            throw fail(fieldNode, "\(field).field", "\(matcher.eventType.rawValue) has no coded field \(catalogPath(path, matcher: matcher))")
        }
        var map: [String: Value] = [:]
        if let mapNode = members["map"] {
            for (key, valueNode) in try pairs(mapNode, "\(field).map") {
                guard allowed.contains(key) else { throw fail(valueNode, "\(field).map.\(key)", "\(key) is not a value of \(path)") }
                let text = try string(valueNode, "\(field).map.\(key)")
                guard let value = parse(text) else { throw fail(valueNode, "\(field).map.\(key)", "\(text) is not a value this can take") }
                map[key] = value
            }
        }
        // Every value the field can hold must give a value, so no event is left without one.
        for value in allowed where map[value] == nil && parse(value) == nil {
            throw fail(node, "\(field).map", "\(path) can be \(value), which the map does not translate")
        }
        return .field(path, map: map)
    }

    func checkDate(_ path: String, _ node: Node, _ field: String, matcher: Matcher) throws(RuleError) {
        let full = catalogPath(path, matcher: matcher)
        let schemaField = catalog.field(full, in: matcher.eventType) ?? catalog.field(path, in: matcher.eventType)
        guard case .string(let format, _)? = schemaField?.kind, format == "date" || format == "date-time" || schemaField?.path == "occurred_at" else {
            throw fail(node, field, "\(matcher.eventType.rawValue) has no date at \(path)")
        }
    }

    func checkPlaceholders(_ text: String, _ node: Node, _ field: String, matcher: Matcher) throws(RuleError) {
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { throw fail(node, field, "a { is not closed") }
            let name = String(rest[rest.index(after: open)..<close])
            let full = catalogPath(name, matcher: matcher)
            guard case .string(_, let allowed)? = (catalog.field(full, in: matcher.eventType) ?? catalog.field(name, in: matcher.eventType))?.kind,
                  allowed != nil else {
                throw fail(node, field, "{\(name)} is not a coded field of \(matcher.eventType.rawValue); only coded values may appear, never free text")
            }
            rest = rest[rest.index(after: close)...]
        }
    }

    func correlation(_ node: Node, _ field: String) throws(RuleError) -> CorrelationRule {
        let members = try mapping(node, field, allowed: [
            "minimum_services", "distinct_service_types", "window_months", "same_domain_raises_severity", "extra_service_raises_severity",
            "lawful_basis", "next_steps",
        ])
        func integer(_ key: String, _ range: ClosedRange<Int>, _ fallback: Int) throws(RuleError) -> Int {
            guard let node = members[key] else { return fallback }
            guard let value = node.int, range.contains(value) else { throw fail(node, "\(field).\(key)", "expected a whole number in \(range)") }
            return value
        }
        func flag(_ key: String, _ fallback: Bool) throws(RuleError) -> Bool {
            guard let node = members[key] else { return fallback }
            guard let value = node.bool else { throw fail(node, "\(field).\(key)", "expected true or false") }
            return value
        }
        let lawfulNode = try member(members, "lawful_basis", of: node, field)
        let lawful = try mapping(lawfulNode, "\(field).lawful_basis", allowed: ["article_6", "article_9", "dpa_schedule_1_paragraph"])
        let article6Node = try member(lawful, "article_6", of: lawfulNode, "\(field).lawful_basis")
        guard let article6 = LawfulBasis.Article6(rawValue: try string(article6Node, "\(field).lawful_basis.article_6")) else {
            throw fail(article6Node, "\(field).lawful_basis.article_6", "not an Art 6 basis")
        }
        // Alerts are about children's health and development: special category, so an Art 9 condition is required.
        let article9Node = try member(lawful, "article_9", of: lawfulNode, "\(field).lawful_basis")
        guard let article9 = LawfulBasis.Article9(rawValue: try string(article9Node, "\(field).lawful_basis.article_9")) else {
            throw fail(article9Node, "\(field).lawful_basis.article_9", "not an Art 9 condition")
        }
        var paragraph: Int?
        if let node = lawful["dpa_schedule_1_paragraph"] {
            guard let value = node.int, value > 0 else { throw fail(node, "\(field).lawful_basis.dpa_schedule_1_paragraph", "expected a paragraph number") }
            paragraph = value
        }
        let stepsNode = try member(members, "next_steps", of: node, field)
        var steps: [ConcernPayload.Domain: String] = [:]
        var fallback: String?
        for (key, valueNode) in try pairs(stepsNode, "\(field).next_steps") {
            let text = try string(valueNode, "\(field).next_steps.\(key)")
            if key == "default" { fallback = text; continue }
            guard let domain = ConcernPayload.Domain(rawValue: key) else {
                throw fail(valueNode, "\(field).next_steps.\(key)", "not a concern domain (or default)")
            }
            steps[domain] = text
        }
        guard let fallback else { throw fail(stepsNode, "\(field).next_steps.default", "required: the step to suggest when no domain has its own") }
        let minimum = try integer("minimum_services", 2...10, 2)
        return CorrelationRule(
            minimumServices: minimum, distinctServiceTypes: try flag("distinct_service_types", false),
            windowMonths: try integer("window_months", 1...120, 12), sameDomainRaisesSeverity: try flag("same_domain_raises_severity", true),
            extraServiceRaisesSeverity: try flag("extra_service_raises_severity", true),
            lawfulBasis: LawfulBasis(article6: article6, article9: article9, dpaSchedule1Paragraph: paragraph), nextSteps: steps,
            defaultNextStep: fallback)
    }

    // MARK: YAML nodes

    func mapping(_ node: Node, _ field: String, allowed: Set<String>) throws(RuleError) -> [String: Node] {
        guard case .mapping(let mapping) = node else { throw fail(node, field, "expected a mapping") }
        var members: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw fail(keyNode, field, "keys are text") }
            guard allowed.contains(key) else { throw fail(keyNode, "\(field).\(key)", "not a known key; expected one of \(allowed.sorted().joined(separator: ", "))") }
            guard members[key] == nil else { throw fail(keyNode, "\(field).\(key)", "given twice") }
            members[key] = value
        }
        return members
    }

    func pairs(_ node: Node, _ field: String) throws(RuleError) -> [(String, Node)] {
        guard case .mapping(let mapping) = node else { throw fail(node, field, "expected a mapping") }
        var pairs: [(String, Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw fail(keyNode, field, "keys are text") }
            pairs.append((key, value))
        }
        return pairs
    }

    func member(_ members: [String: Node], _ key: String, of node: Node, _ field: String) throws(RuleError) -> Node {
        guard let value = members[key] else { throw fail(node, field == key ? key : "\(field).\(key)", "required") }
        return value
    }

    func sequence(_ node: Node, _ field: String) throws(RuleError) -> [Node] {
        guard case .sequence(let items) = node else { throw fail(node, field, "expected a list") }
        return Array(items)
    }

    func string(_ node: Node, _ field: String) throws(RuleError) -> String {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else { throw fail(node, field, "expected text") }
        return scalar.string
    }
}
