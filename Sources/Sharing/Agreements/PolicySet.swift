import EarlyYearsSchema
import Foundation

/// The agreements of one folder (`policies/`), loaded and checked together.
public struct PolicySet: Sendable {
    public var agreements: [Agreement]
    /// Every problem, with file and line: a file that cannot be read at all gives one.
    public var errors: [PolicyError]

    public static func load(directory: URL, catalog: SchemaCatalog, today: String) throws(PolicyError) -> PolicySet {
        var agreements: [Agreement] = []
        var errors: [PolicyError] = []
        for file in try AgreementLoader.files(in: directory) {
            do throws(PolicyError) {
                agreements.append(try AgreementLoader.load(contentsOf: file))
            } catch {
                errors.append(error)
            }
        }
        errors += PolicyChecker(catalog: catalog, today: today).check(agreements)
        return PolicySet(agreements: agreements, errors: errors)
    }
}

/// What flows to whom, in words data protection officers and parents can read.
public enum PolicyReport {
    /// What reaches `recipient` (of one event type, or all), under which agreement, and why.
    public static func explain(recipient id: String, eventType: EventType? = nil, agreements: [Agreement], today: String) -> String? {
        let holding = agreements.filter { $0.recipients.contains { $0.id == id } }.sorted { $0.id < $1.id }
        guard let recipient = holding.first?.recipients.first(where: { $0.id == id }) else { return nil }
        var lines = ["\(recipient.name) (\(recipient.id), \(recipient.serviceType.rawValue), organisation \(recipient.organisation))"]
        lines.append("  receives on \(recipient.topic ?? "-"), only about children it has one of these relationships with: "
                     + recipient.relationships.map(describe).joined(separator: "; "))
        lines.append("  keeps what it receives: \(recipient.retention)")
        for agreement in holding {
            let state = agreement.isValid(on: today) ? "in force" : (agreement.validUntil < today ? "ENDED \(agreement.validUntil)" : "not yet in force")
            lines.append("")
            lines.append("under \(agreement.id) v\(agreement.version), \(agreement.validFrom) to \(agreement.validUntil) (\(state)), review by \(agreement.reviewDate)")
            lines.append("  purpose \(agreement.purpose.code)\(agreement.purpose.safeguarding ? " (safeguarding)" : ""): \(agreement.purpose.description)")
            lines.append("  lawful basis: \(lawfulBasis(agreement.lawfulBasis))")
            let types = EventType.allCases.filter { eventType == nil || $0 == eventType }
            var any = false
            for type in types {
                let shares = agreement.shares(for: id, of: type)
                guard !shares.isEmpty else { continue }
                any = true
                let sources = shares.first?.sources.map { " from \($0.map(\.rawValue).joined(separator: ", ")) sources only" } ?? ""
                lines.append("  \(type.rawValue)\(sources): " + Set(shares.flatMap(\.fields)).union(recordEnvelopeFields).sorted().joined(separator: ", "))
            }
            if !any { lines.append("  nothing\(eventType.map { " of \($0.rawValue)" } ?? "")") }
        }
        lines.append("")
        lines.append("Never: anything not listed above; anything about a child whose record is sealed; anything but safeguarding "
                     + "(and then only with a person's recorded override) about a child whose parent objected.")
        return lines.joined(separator: "\n")
    }

    static func describe(_ relationship: Relationship) -> String {
        switch relationship {
        case .onRoll: "on its roll (an enrolment at its setting, not ended)"
        case .caseload: "on its caseload (it holds records about the child)"
        case .area: "living in its area"
        case .resident: "resident in its local authority area"
        case .openCase: "with an open case with it (early help, child in need, child protection or looked after)"
        case .referred: "referred to it, while the referral is open"
        }
    }

    public static func lawfulBasis(_ basis: LawfulBasis) -> String {
        var text = "UK GDPR Art 6(1)(\(basis.article6.rawValue.split(separator: "_").last ?? ""))"
        if let article9 = basis.article9 {
            text += ", Art 9(2)(\(article9.rawValue.split(separator: "_").last ?? ""))"
            if let paragraph = basis.dpaSchedule1Paragraph { text += " with DPA 2018 Schedule 1 paragraph \(paragraph)" }
        }
        return text
    }

    /// The "who sees what" table: one row per recipient and event type, with the fields, the
    /// agreement and its purpose. Markdown and HTML, for data protection officers and parents.
    public static func matrix(agreements: [Agreement], today: String) -> (markdown: String, html: String) {
        struct Row { var recipient: String; var type: String; var fields: String; var agreement: String; var purpose: String; var basis: String; var relationships: String }
        var rows: [Row] = []
        for agreement in agreements.sorted(by: { $0.id < $1.id }) where agreement.isValid(on: today) {
            for recipient in agreement.recipients.sorted(by: { $0.name < $1.name }) {
                for type in EventType.allCases {
                    let shares = agreement.shares(for: recipient.id, of: type)
                    guard !shares.isEmpty else { continue }
                    rows.append(Row(
                        recipient: recipient.name, type: type.rawValue.replacingOccurrences(of: "_", with: " "),
                        fields: Set(shares.flatMap(\.fields)).sorted().joined(separator: ", "),
                        agreement: "\(agreement.id) v\(agreement.version)", purpose: agreement.purpose.description,
                        basis: lawfulBasis(agreement.lawfulBasis), relationships: recipient.relationships.map(describe).joined(separator: "; ")))
                }
            }
        }
        rows.sort { ($0.recipient, $0.type) < ($1.recipient, $1.type) }
        let header = ["Service", "Sees", "Which details", "Only about children", "Why", "Lawful basis", "Agreement"]
        func cells(_ row: Row) -> [String] { [row.recipient, row.type, row.fields, row.relationships, row.purpose, row.basis, row.agreement] }
        var markdown = "# Who sees what\n\nAgreements in force on \(today). Nothing else is shared: every other detail is removed, "
            + "and nothing is shared about a child whose record is sealed.\n\n"
        markdown += "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
        for row in rows { markdown += "| " + cells(row).map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
        var html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Who sees what</title>"
            + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.4em;vertical-align:top;text-align:left}</style>"
            + "</head><body>\n<h1>Who sees what</h1>\n<p>Agreements in force on \(escape(today)). Nothing else is shared: every other detail is removed, "
            + "and nothing is shared about a child whose record is sealed.</p>\n<table>\n<tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows { html += "<tr>" + cells(row).map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        html += "</table>\n</body></html>\n"
        return (markdown, html)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
