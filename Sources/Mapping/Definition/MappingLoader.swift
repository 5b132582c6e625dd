import EarlyYearsSchema
import Foundation
import SourceFormats
import Yams

/// Reads a mapping file, reporting every problem with its file and line.
public enum MappingLoader {
    public static func load(contentsOf url: URL, catalog: SchemaCatalog) throws(MappingError) -> MappingDefinition {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MappingError(file: url.path, line: nil, field: "-", reason: "the file cannot be read")
        }
        return try load(yaml: String(decoding: data, as: UTF8.self), file: url.path, catalog: catalog)
    }

    public static func load(yaml: String, file: String, catalog: SchemaCatalog) throws(MappingError) -> MappingDefinition {
        let reader = Reader(file: file)
        let definition = try reader.definition(try reader.compose(yaml))
        try MappingChecker(catalog: catalog).check(definition)
        return definition
    }
}

/// Turns YAML nodes into the mapping and adapter models, failing with file and line.
struct Reader {
    let file: String

    /// The document's root node; a file that is empty or not YAML fails with the line it breaks at.
    func compose(_ yaml: String) throws(MappingError) -> Node {
        do {
            guard let node = try Yams.compose(yaml: yaml) else { throw MappingError(file: file, line: 1, field: "-", reason: "the file is empty") }
            return node
        } catch let error as MappingError {
            throw error
        } catch let error as YamlError {
            throw MappingError(file: file, line: Self.line(of: error), field: "-", reason: "not valid YAML")
        } catch {
            throw MappingError(file: file, line: nil, field: "-", reason: "not valid YAML")
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    func fail(_ node: Node?, _ field: String, _ reason: String) -> MappingError {
        MappingError(file: file, line: node?.mark?.line, field: field, reason: reason)
    }

    func mapping(_ node: Node, _ field: String, allowed: Set<String>) throws(MappingError) -> [String: Node] {
        guard let mapping = node.mapping else { throw fail(node, field, "expected a mapping of keys to values") }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw fail(key, field, "keys must be text") }
            guard allowed.contains(name) else {
                throw fail(key, "\(field).\(name)", "unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            result[name] = value
        }
        return result
    }

    func string(_ node: Node?, _ field: String) throws(MappingError) -> String {
        guard let node, let text = node.string else { throw fail(node, field, "expected text") }
        return text
    }

    func definition(_ root: Node) throws(MappingError) -> MappingDefinition {
        let keys = try mapping(root, "mapping", allowed: ["id", "version", "format", "csv", "records", "source", "lawful_basis", "special_category", "events"])
        let formatText = try string(keys["format"], "format")
        guard let format = MappingDefinition.Format(rawValue: formatText) else {
            throw fail(keys["format"], "format", "unknown format; expected one of \(MappingDefinition.Format.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var csvOptions = CSVOptions()
        var optionalColumns: Set<String> = []
        if let csv = keys["csv"] {
            let options = try mapping(csv, "csv", allowed: ["delimiter", "header_aliases", "optional_columns"])
            if let delimiter = options["delimiter"] {
                let text = try string(delimiter, "csv.delimiter")
                guard text.count == 1, let character = text.first, character.isASCII else {
                    throw fail(delimiter, "csv.delimiter", "a delimiter is one ASCII character")
                }
                csvOptions.delimiter = character.asciiValue!
            }
            if let aliases = options["header_aliases"]?.mapping {
                for (alias, name) in aliases { csvOptions.headerAliases[try string(alias, "csv.header_aliases")] = try string(name, "csv.header_aliases") }
            }
            for item in options["optional_columns"]?.sequence ?? [] { optionalColumns.insert(try string(item, "csv.optional_columns")) }
        }
        guard let eventsNode = keys["events"], let events = eventsNode.sequence, !events.isEmpty else {
            throw fail(keys["events"] ?? root, "events", "a mapping needs at least one event rule")
        }
        var rules: [EventRule] = []
        for (index, event) in events.enumerated() { rules.append(try eventRule(event, "events[\(index)]")) }
        var definition = MappingDefinition(
            id: try string(keys["id"], "id"), version: try string(keys["version"], "version"), format: format,
            csvOptions: csvOptions, records: try keys["records"].map { node throws(MappingError) in try string(node, "records") },
            source: try source(keys["source"]), lawfulBasis: try lawfulBasis(keys["lawful_basis"]),
            specialCategory: try keys["special_category"].map { node throws(MappingError) in try bool(node, "special_category") } ?? false,
            events: rules, file: file)
        if format == .csv { definition.requiredColumns = Set(definition.sourcePaths).subtracting(optionalColumns) }
        return definition
    }

    func bool(_ node: Node, _ field: String) throws(MappingError) -> Bool {
        guard let value = node.bool else { throw fail(node, field, "expected true or false") }
        return value
    }

    func source(_ node: Node?) throws(MappingError) -> MappingDefinition.SourceConstants {
        guard let node else { throw fail(nil, "source", "a mapping must say which organisation and system it reads") }
        let keys = try mapping(node, "source", allowed: ["org_type", "org_code", "org_name", "system"])
        let typeText = try string(keys["org_type"], "source.org_type")
        guard let orgType = Source.OrgType(rawValue: typeText) else {
            throw fail(keys["org_type"], "source.org_type", "expected one of \(Source.OrgType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let orgCode = keys["org_code"] else { throw fail(node, "source.org_code", "required") }
        let codeRule: ValueRule = if let text = orgCode.string {
            ValueRule(origin: .constant(text), line: orgCode.mark?.line ?? 0)
        } else {
            try valueRule(orgCode, "source.org_code")
        }
        return MappingDefinition.SourceConstants(
            orgType: orgType, orgCode: codeRule,
            orgName: try keys["org_name"].map { node throws(MappingError) in try string(node, "source.org_name") },
            system: try string(keys["system"], "source.system"))
    }

    func lawfulBasis(_ node: Node?) throws(MappingError) -> LawfulBasis {
        guard let node else { throw fail(nil, "lawful_basis", "a mapping must state the lawful basis") }
        let keys = try mapping(node, "lawful_basis", allowed: ["article_6", "article_9", "dpa_schedule_1_paragraph"])
        guard let article6 = LawfulBasis.Article6(rawValue: try string(keys["article_6"], "lawful_basis.article_6")) else {
            throw fail(keys["article_6"], "lawful_basis.article_6", "expected one of \(LawfulBasis.Article6.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var article9: LawfulBasis.Article9?
        if let node9 = keys["article_9"] {
            guard let value = LawfulBasis.Article9(rawValue: try string(node9, "lawful_basis.article_9")) else {
                throw fail(node9, "lawful_basis.article_9", "expected one of \(LawfulBasis.Article9.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            article9 = value
        }
        let paragraph = keys["dpa_schedule_1_paragraph"]?.int
        return LawfulBasis(article6: article6, article9: article9, dpaSchedule1Paragraph: paragraph)
    }

    func eventRule(_ node: Node, _ field: String) throws(MappingError) -> EventRule {
        let keys = try mapping(node, field, allowed: ["event_type", "each", "when", "action", "record_id", "record_version", "occurred_at", "fields"])
        guard let eventType = EventType(rawValue: try string(keys["event_type"], "\(field).event_type")) else {
            throw fail(keys["event_type"], "\(field).event_type", "unknown event type")
        }
        func required(_ key: String) throws(MappingError) -> ValueRule {
            guard let value = keys[key] else { throw fail(node, "\(field).\(key)", "required") }
            return try valueRule(value, "\(field).\(key)")
        }
        var fields: [(target: String, rule: ValueRule)] = []
        if let fieldsNode = keys["fields"] {
            guard let pairs = fieldsNode.mapping else { throw fail(fieldsNode, "\(field).fields", "expected target: rule pairs") }
            for (target, rule) in pairs {
                let name = try string(target, "\(field).fields")
                fields.append((name, try valueRule(rule, "\(field).fields.\(name)")))
            }
        }
        let each = try keys["each"].map { node throws(MappingError) in try string(node, "\(field).each") }
        return EventRule(
            eventType: eventType, each: each, when: try keys["when"].map { node throws(MappingError) in try condition(node, "\(field).when") },
            action: try required("action"), recordID: try required("record_id"),
            recordVersion: try keys["record_version"].map { node throws(MappingError) in try valueRule(node, "\(field).record_version") },
            occurredAt: try required("occurred_at"), fields: fields, line: node.mark?.line ?? 0)
    }

    func condition(_ node: Node, _ field: String) throws(MappingError) -> Condition {
        let keys = try mapping(node, field, allowed: ["path", "equals", "in", "present", "all", "any", "not"])
        if let negated = keys["not"] {
            guard keys.count == 1 else { throw fail(negated, "\(field).not", "not takes one condition and nothing else") }
            return .not(try condition(negated, "\(field).not"))
        }
        for combination in ["all", "any"] {
            guard let list = keys[combination] else { continue }
            guard keys.count == 1, let members = list.sequence, !members.isEmpty else {
                throw fail(list, "\(field).\(combination)", "\(combination) takes a non-empty list of conditions and nothing else")
            }
            var conditions: [Condition] = []
            for (index, member) in members.enumerated() { conditions.append(try condition(member, "\(field).\(combination)[\(index)]")) }
            return combination == "all" ? .all(conditions) : .any(conditions)
        }
        let path = try string(keys["path"], "\(field).path")
        if let equals = keys["equals"] { return .value(path: path, test: .equals([try string(equals, "\(field).equals")])) }
        if let list = keys["in"]?.sequence {
            var values: [String] = []
            for item in list { values.append(try string(item, "\(field).in")) }
            return .value(path: path, test: .equals(values))
        }
        if let present = keys["present"] { return .value(path: path, test: .present(try bool(present, "\(field).present"))) }
        throw fail(node, field, "a condition needs equals, in or present (or all / any / not of conditions)")
    }

    func valueRule(_ node: Node, _ field: String) throws(MappingError) -> ValueRule {
        let keys = try mapping(node, field, allowed: [
            "path", "paths", "concat", "constant", "transforms", "name", "split", "lookup", "arithmetic", "date", "date_time", "default", "when",
        ])
        let line = node.mark?.line ?? 0
        var rule: ValueRule
        if let path = keys["path"] {
            rule = ValueRule(origin: .path(try string(path, "\(field).path")), line: line)
        } else if let paths = keys["paths"]?.sequence {
            var list: [String] = []
            for item in paths { list.append(try string(item, "\(field).paths")) }
            let separator = try keys["concat"].map { node throws(MappingError) in try string(node, "\(field).concat") }
            rule = ValueRule(origin: .paths(list, separator: separator), line: line)
        } else if let constant = keys["constant"] {
            rule = ValueRule(origin: .constant(try string(constant, "\(field).constant")), line: line)
        } else {
            throw fail(node, field, "a value needs path, paths or constant")
        }
        for item in keys["transforms"]?.sequence ?? [] {
            guard let transform = TextTransform(rawValue: try string(item, "\(field).transforms")) else {
                throw fail(item, "\(field).transforms", "expected one of \(TextTransform.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            rule.transforms.append(transform)
        }
        if let name = keys["name"] {
            guard let part = ValueRule.NamePart(rawValue: try string(name, "\(field).name")) else { throw fail(name, "\(field).name", "expected given or family") }
            rule.name = part
        }
        rule.split = try keys["split"].map { node throws(MappingError) in try string(node, "\(field).split") }
        if let lookup = keys["lookup"] { rule.lookup = try self.lookup(lookup, "\(field).lookup") }
        if let arithmetic = keys["arithmetic"] {
            let options = try mapping(arithmetic, "\(field).arithmetic", allowed: ["op", "factor"])
            guard let operation = Arithmetic(rawValue: try string(options["op"], "\(field).arithmetic.op")) else {
                throw fail(options["op"], "\(field).arithmetic.op", "expected one of \(Arithmetic.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            rule.arithmetic = (operation, options["factor"]?.float ?? 1)
        }
        if let date = keys["date"] { rule.date = try dateTransform(date, "\(field).date") }
        if let dateTime = keys["date_time"] { rule.dateTime = try dateTransform(dateTime, "\(field).date_time") }
        rule.defaultValue = try keys["default"].map { node throws(MappingError) in try string(node, "\(field).default") }
        rule.when = try keys["when"].map { node throws(MappingError) in try condition(node, "\(field).when") }
        return rule
    }

    func lookup(_ node: Node, _ field: String) throws(MappingError) -> Lookup {
        let keys = try mapping(node, field, allowed: ["table", "unmapped", "case_insensitive"])
        guard let tableNode = keys["table"]?.mapping else { throw fail(node, "\(field).table", "a lookup needs a table") }
        var table: [String: String] = [:]
        for (code, target) in tableNode { table[try string(code, "\(field).table")] = try string(target, "\(field).table") }
        guard let policy = keys["unmapped"] else {
            throw fail(node, "\(field).unmapped", "required: say what happens to codes the table does not list (error, skip or default)")
        }
        let unmapped: Lookup.Unmapped
        if let text = policy.string, text == "error" {
            unmapped = .error
        } else if let text = policy.string, text == "skip" {
            unmapped = .skip
        } else if let defaultValue = policy.mapping?["default"]?.string {
            unmapped = .default(defaultValue)
        } else {
            throw fail(policy, "\(field).unmapped", "expected error, skip or { default: value }")
        }
        let caseInsensitive = try keys["case_insensitive"].map { node throws(MappingError) in try bool(node, "\(field).case_insensitive") } ?? true
        return Lookup(table: table, unmapped: unmapped, caseInsensitive: caseInsensitive)
    }

    func dateTransform(_ node: Node, _ field: String) throws(MappingError) -> DateTransform {
        let keys = try mapping(node, field, allowed: ["formats", "time_zone"])
        var formats: [String] = []
        for item in keys["formats"]?.sequence ?? [] { formats.append(try string(item, "\(field).formats")) }
        let zone = try keys["time_zone"].map { node throws(MappingError) in try string(node, "\(field).time_zone") } ?? "Europe/London"
        do {
            return try DateTransform(formats: formats, timeZone: zone)
        } catch {
            throw fail(node, field, error.reason)
        }
    }
}
