import Foundation

/// A report for a parent of everything the hub shared about their child, from the disclosure log:
/// what, with which service, when, why and under which law, and every correction, deletion
/// request and safeguarding override. Pure: entries in, text and HTML out.
///
/// It never shows a raw identifier: not the hub's child id, the log's entry or decision ids, nor
/// any digest. The only identifier in it is the one the parent gave, masked but for its last three
/// characters.
public struct ParentReport: Sendable {
    /// The identifier the parent gave: what kind it is ("NHS number") and its value.
    public struct GivenIdentifier: Sendable, Hashable {
        public var kind: String
        public var value: String

        public init(kind: String, value: String) {
            self.kind = kind
            self.value = value
        }

        /// All but the last three characters as `*`.
        public var masked: String {
            let compact = value.filter { !$0.isWhitespace }
            return String(repeating: "*", count: max(0, compact.count - 3)) + compact.suffix(3)
        }
    }

    struct Item {
        var heading: String
        var details: [String]
    }

    public var identifier: GivenIdentifier
    /// In the order they happened.
    public var entries: [AuditEntry]
    /// RFC 3339.
    public var producedAt: String

    public init(identifier: GivenIdentifier, entries: [AuditEntry], producedAt: String) {
        self.identifier = identifier
        self.entries = entries.sorted { ($0.at, $0.entryID) < ($1.at, $1.entryID) }
        self.producedAt = producedAt
    }

    static let title = "What has been shared about your child"

    var introduction: [String] {
        [
            "This report lists everything the Early Years Hub has shared about the child with \(identifier.kind) \(identifier.masked), "
                + "as recorded in its disclosure log, up to \(Self.date(producedAt)).",
            entries.isEmpty
                ? "Nothing has been shared about this child."
                : "There are \(entries.count) item(s): " + AuditEntry.Kind.allCases.compactMap { kind in
                    let count = entries.count { $0.kind == kind }
                    return count == 0 ? nil : "\(count) \(Self.kindCount(kind))"
                }.joined(separator: ", ") + ".",
            "The hub records what was shared, never copies of the records themselves.",
        ]
    }

    var items: [Item] {
        entries.enumerated().map { index, entry in
            var details = [
                "What happened: \(PlainWords.kind(entry.kind)).",
                "What it was about: \(PlainWords.eventType(entry.eventType)).",
                "Information included: \(Self.fields(entry.fields)).",
                "Why: \(entry.purposeDescription).",
                "The law that allows it: \(Self.lawfulBasis(entry)).",
                "Under the data sharing agreement \(entry.agreementID) (version \(entry.agreementVersion)).",
            ]
            if let reason = entry.overrideReason {
                details.append("This was shared to keep your child safe, even though you had objected to sharing. The reason recorded: \(reason)")
            }
            return Item(heading: "\(index + 1). \(Self.date(entry.at)): \(entry.recipientName)", details: details)
        }
    }

    static let ifSomethingIsWrong = [
        "If anything here is wrong, or you did not expect it, contact the service named in the item, or the data protection "
            + "officer of your local council or health visiting service. Quote the date and the service.",
        "You have the right to have wrong information corrected (UK GDPR Article 16), to object to sharing (Article 21), and, "
            + "in some cases, to have information deleted (Article 17). When a record is corrected, the hub sends the correction to "
            + "every service that received the earlier version.",
        "If you are not happy with the answer, you can complain to the Information Commissioner's Office: ico.org.uk or 0303 123 1113.",
    ]

    // MARK: Rendering

    public var text: String {
        var lines = [Self.title, String(repeating: "=", count: Self.title.count), ""]
        lines += introduction.flatMap { [$0, ""] }
        lines += ["What was shared", "---------------", ""]
        for item in items {
            lines.append(item.heading)
            lines += item.details.map { "   - \($0)" }
            lines.append("")
        }
        lines += ["If something is wrong", "---------------------", ""]
        lines += Self.ifSomethingIsWrong.flatMap { [$0, ""] }
        return lines.joined(separator: "\n")
    }

    public var html: String {
        var parts = [
            "<!DOCTYPE html>", "<html lang=\"en\">", "<head><meta charset=\"utf-8\"><title>\(Self.escape(Self.title))</title></head>", "<body>",
            "<h1>\(Self.escape(Self.title))</h1>",
        ]
        parts += introduction.map { "<p>\(Self.escape($0))</p>" }
        parts.append("<h2>What was shared</h2>")
        for item in items {
            parts.append("<section><h3>\(Self.escape(item.heading))</h3><ul>")
            parts += item.details.map { "<li>\(Self.escape($0))</li>" }
            parts.append("</ul></section>")
        }
        parts.append("<h2>If something is wrong</h2>")
        parts += Self.ifSomethingIsWrong.map { "<p>\(Self.escape($0))</p>" }
        parts += ["</body>", "</html>", ""]
        return parts.joined(separator: "\n")
    }

    /// Text made safe for HTML content and attribute values.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    // MARK: Words

    static func kindCount(_ kind: AuditEntry.Kind) -> String {
        switch kind {
        case .disclosure: "shared"
        case .correction: "corrections"
        case .retraction: "deletion requests (deleted at source)"
        case .retentionDeletion: "deletion requests (end of keeping time)"
        }
    }

    static func fields(_ paths: [String]) -> String {
        var seen: Set<String> = []
        let words = paths.map(PlainWords.field).filter { seen.insert($0).inserted }
        return words.isEmpty ? "nothing" : words.joined(separator: "; ")
    }

    static func lawfulBasis(_ entry: AuditEntry) -> String {
        var parts = [PlainWords.article6(entry.article6)]
        if let article9 = entry.article9 { parts.append("for health or other sensitive information, " + PlainWords.article9(article9)) }
        if let paragraph = entry.dpaSchedule1Paragraph { parts.append(PlainWords.schedule1(paragraph)) }
        return parts.joined(separator: "; ")
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// `2026-05-02T10:00:00Z` as "2 May 2026 at 10:00 (UTC)"; anything else as written.
    static func date(_ time: String) -> String {
        let characters = Array(time)
        guard characters.count >= 10, let year = Int(String(characters[0..<4])), let month = Int(String(characters[5..<7])),
              let day = Int(String(characters[8..<10])), (1...12).contains(month) else { return time }
        let date = "\(day) \(months[month - 1]) \(year)"
        guard characters.count >= 16, characters[10] == "T" else { return date }
        let zone = time.hasSuffix("Z") ? "UTC" : String(characters.suffix(6))
        return "\(date) at \(String(characters[11..<16])) (\(zone))"
    }
}
