import EarlyYearsSchema
import Foundation
import Yams

/// An agreement that cannot be used, with the file, line and field at fault. It never quotes
/// record contents (agreements hold none).
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
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

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(field): \(reason)"
    }
}

/// HL7 v3 PurposeOfUse codes an agreement may state (v3-PurposeOfUse value set).
public let purposeOfUseCodes: Set<String> = [
    "TREAT", "ETREAT", "ERTREAT", "BTG", "CAREMGT", "COC", "CLINTRL", "POPHLTH", "PUBHLTH", "DISASTER", "THREAT",
    "HOPERAT", "HQUALIMP", "HSYSADMIN", "PATSFTY", "PERFMSR", "RECORDMGT", "HRESCH", "PATRQT", "FAMRQT", "PWATRNY",
    "SUPNWK", "HLEGAL", "GOV", "HPAYMT", "TRAIN",
]

/// Reads agreements from YAML, failing with file and line on the first thing it cannot read.
/// Rules across fields and files (an Art 9 condition, dates, field paths, contradictions) are
/// ``PolicyChecker``'s.
public enum AgreementLoader {
    public static func load(contentsOf url: URL) throws(PolicyError) -> Agreement {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PolicyError(file: url.path, line: nil, field: "-", reason: "the file cannot be read")
        }
        return try load(yaml: String(decoding: data, as: UTF8.self), file: url.path)
    }

    public static func load(yaml: String, file: String) throws(PolicyError) -> Agreement {
        try YAMLReader(file: file).agreement(yaml)
    }

    /// Every `*.yaml` file of `directory`, in name order.
    public static func files(in directory: URL) throws(PolicyError) -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw PolicyError(file: directory.path, line: nil, field: "-", reason: "the policies folder cannot be read")
        }
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { directory.appendingPathComponent($0) }
    }
}

private struct YAMLReader {
    let file: String

    func fail(_ node: Node?, _ field: String, _ reason: String) -> PolicyError {
        PolicyError(file: file, line: node?.mark?.line, field: field, reason: reason)
    }

    func agreement(_ yaml: String) throws(PolicyError) -> Agreement {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else { throw fail(nil, "-", "the file is empty") }
            root = node
        } catch let error as PolicyError {
            throw error
        } catch let error as YamlError {
            var line: Int?
            switch error {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): line = mark.line
            default: line = nil
            }
            throw PolicyError(file: file, line: line, field: "-", reason: "not valid YAML")
        } catch {
            throw PolicyError(file: file, line: nil, field: "-", reason: "not valid YAML")
        }
        let top = try mapping(root, "agreement", allowed: [
            "id", "version", "title", "parties", "purpose", "lawful_basis", "recipients", "shares", "valid_from", "valid_until", "review_date",
        ])
        func required(_ key: String) throws(PolicyError) -> Node {
            guard let node = top[key] else { throw fail(root, key, "required") }
            return node
        }
        let id = try string(try required("id"), "id")
        guard id.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
            throw fail(top["id"], "id", "must be lower-case letters, digits and hyphens")
        }
        let purposeNode = try required("purpose")
        let purpose = try mapping(purposeNode, "purpose", allowed: ["code", "description", "safeguarding"])
        let lawfulNode = try required("lawful_basis")
        let lawful = try mapping(lawfulNode, "lawful_basis", allowed: ["article_6", "article_9", "dpa_schedule_1_paragraph"])
        guard let article6Node = lawful["article_6"] else { throw fail(lawfulNode, "lawful_basis.article_6", "required") }
        let article6Text = try string(article6Node, "lawful_basis.article_6")
        guard let article6 = LawfulBasis.Article6(rawValue: article6Text) else {
            throw fail(article6Node, "lawful_basis.article_6", "not an Art 6 basis; expected one of \(LawfulBasis.Article6.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var article9: LawfulBasis.Article9?
        if let node = lawful["article_9"] {
            let text = try string(node, "lawful_basis.article_9")
            guard let value = LawfulBasis.Article9(rawValue: text) else {
                throw fail(node, "lawful_basis.article_9", "not an Art 9 condition; expected one of \(LawfulBasis.Article9.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            article9 = value
        }
        var paragraph: Int?
        if let node = lawful["dpa_schedule_1_paragraph"] {
            guard let value = node.int, value > 0 else { throw fail(node, "lawful_basis.dpa_schedule_1_paragraph", "expected a paragraph number") }
            paragraph = value
        }
        guard let codeNode = purpose["code"] else { throw fail(purposeNode, "purpose.code", "required") }
        let code = try string(codeNode, "purpose.code")
        guard purposeOfUseCodes.contains(code) else {
            throw fail(codeNode, "purpose.code", "not an HL7 v3 PurposeOfUse code this hub knows (such as TREAT, COC, PUBHLTH, THREAT)")
        }
        guard let descriptionNode = purpose["description"] else { throw fail(purposeNode, "purpose.description", "required: the purpose in plain English") }
        var safeguarding = false
        if let node = purpose["safeguarding"] {
            guard let value = node.bool else { throw fail(node, "purpose.safeguarding", "expected true or false") }
            safeguarding = value
        }

        let partiesNode = try required("parties")
        var parties: [Agreement.Party] = []
        for (index, node) in try sequence(partiesNode, "parties").enumerated() {
            let field = "parties[\(index)]"
            let party = try mapping(node, field, allowed: ["organisation", "name", "role"])
            parties.append(Agreement.Party(
                organisation: try string(try member(party, "organisation", of: node, field), "\(field).organisation"),
                name: try string(try member(party, "name", of: node, field), "\(field).name"),
                role: try string(try member(party, "role", of: node, field), "\(field).role")))
        }
        guard !parties.isEmpty else { throw fail(partiesNode, "parties", "an agreement names its parties") }

        var recipients: [Agreement.Recipient] = []
        for (index, node) in try sequence(try required("recipients"), "recipients").enumerated() {
            recipients.append(try recipient(node, "recipients[\(index)]"))
        }
        var shares: [Agreement.Share] = []
        for (index, node) in try sequence(try required("shares"), "shares").enumerated() {
            shares.append(try share(node, "shares[\(index)]"))
        }
        return Agreement(
            id: id, version: try string(try required("version"), "version"), title: try string(try required("title"), "title"),
            parties: parties,
            purpose: Agreement.Purpose(code: code, description: try string(descriptionNode, "purpose.description"), safeguarding: safeguarding),
            lawfulBasis: LawfulBasis(article6: article6, article9: article9, dpaSchedule1Paragraph: paragraph),
            recipients: recipients, shares: shares,
            validFrom: try date(try required("valid_from"), "valid_from"), validUntil: try date(try required("valid_until"), "valid_until"),
            reviewDate: try date(try required("review_date"), "review_date"), file: file, line: root.mark?.line ?? 1,
            keyLines: top.compactMapValues { $0.mark?.line })
    }

    func recipient(_ node: Node, _ field: String) throws(PolicyError) -> Agreement.Recipient {
        let members = try mapping(node, field, allowed: [
            "id", "name", "organisation", "service_type", "topic", "relationships", "area", "referral_service", "retention",
        ])
        let id = try string(try member(members, "id", of: node, field), "\(field).id")
        guard id.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
            throw fail(members["id"], "\(field).id", "must be lower-case letters, digits and hyphens (it names a topic)")
        }
        let typeNode = try member(members, "service_type", of: node, field)
        guard let serviceType = Source.OrgType(rawValue: try string(typeNode, "\(field).service_type")) else {
            throw fail(typeNode, "\(field).service_type", "expected one of \(Source.OrgType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var relationships: [Relationship] = []
        let relationshipsNode = try member(members, "relationships", of: node, field)
        for item in try sequence(relationshipsNode, "\(field).relationships") {
            guard let relationship = Relationship(rawValue: try string(item, "\(field).relationships")) else {
                throw fail(item, "\(field).relationships", "expected one of \(Relationship.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            relationships.append(relationship)
        }
        guard !relationships.isEmpty else {
            throw fail(relationshipsNode, "\(field).relationships", "a recipient receives only about children it has a relationship with: name at least one")
        }
        var area: [String] = []
        if let areaNode = members["area"] {
            for item in try sequence(areaNode, "\(field).area") { area.append(Postcode.area(try string(item, "\(field).area"))) }
        }
        var referralService: ReferralPayload.Service?
        if let serviceNode = members["referral_service"] {
            guard let service = ReferralPayload.Service(rawValue: try string(serviceNode, "\(field).referral_service")) else {
                throw fail(serviceNode, "\(field).referral_service", "not a referral service of the schema")
            }
            referralService = service
        }
        return Agreement.Recipient(
            id: id, name: try string(try member(members, "name", of: node, field), "\(field).name"),
            organisation: try string(try member(members, "organisation", of: node, field), "\(field).organisation"),
            serviceType: serviceType, topic: try members["topic"].map { node throws(PolicyError) in try string(node, "\(field).topic") },
            relationships: relationships, area: area, referralService: referralService,
            retention: try string(try member(members, "retention", of: node, field), "\(field).retention"), line: node.mark?.line ?? 0)
    }

    func share(_ node: Node, _ field: String) throws(PolicyError) -> Agreement.Share {
        let members = try mapping(node, field, allowed: ["event_type", "fields", "sources", "recipients"])
        let typeNode = try member(members, "event_type", of: node, field)
        guard let eventType = EventType(rawValue: try string(typeNode, "\(field).event_type")) else {
            throw fail(typeNode, "\(field).event_type", "not an event type of the schema")
        }
        var fields: [String] = []
        var lines: [String: Int] = [:]
        for item in try sequence(try member(members, "fields", of: node, field), "\(field).fields") {
            let path = try string(item, "\(field).fields")
            fields.append(path)
            lines[path] = item.mark?.line
        }
        var sources: [Source.OrgType]?
        if let sourcesNode = members["sources"] {
            var list: [Source.OrgType] = []
            for item in try sequence(sourcesNode, "\(field).sources") {
                guard let type = Source.OrgType(rawValue: try string(item, "\(field).sources")) else {
                    throw fail(item, "\(field).sources", "expected one of \(Source.OrgType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                list.append(type)
            }
            sources = list
        }
        var recipients: [String] = []
        if let recipientsNode = members["recipients"] {
            for item in try sequence(recipientsNode, "\(field).recipients") { recipients.append(try string(item, "\(field).recipients")) }
        }
        return Agreement.Share(eventType: eventType, fields: fields, sources: sources, recipients: recipients,
                               line: node.mark?.line ?? 0, fieldLines: lines)
    }

    func mapping(_ node: Node, _ field: String, allowed: Set<String>) throws(PolicyError) -> [String: Node] {
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

    func member(_ members: [String: Node], _ key: String, of node: Node, _ field: String) throws(PolicyError) -> Node {
        guard let value = members[key] else { throw fail(node, "\(field).\(key)", "required") }
        return value
    }

    func sequence(_ node: Node, _ field: String) throws(PolicyError) -> [Node] {
        guard let sequence = node.sequence else { throw fail(node, field, "expected a list") }
        return Array(sequence)
    }

    func string(_ node: Node, _ field: String) throws(PolicyError) -> String {
        guard let scalar = node.scalar, !scalar.string.isEmpty else { throw fail(node, field, "expected text") }
        return scalar.string
    }

    func date(_ node: Node, _ field: String) throws(PolicyError) -> String {
        let text = try string(node, field)
        guard text.range(of: #"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"#, options: .regularExpression) != nil else {
            throw fail(node, field, "expected a date, yyyy-MM-dd")
        }
        return text
    }
}
