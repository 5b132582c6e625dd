import EarlyYearsSchema
import Foundation

/// An NDL export: the protected tables and their metadata, as file name → contents. Pure; the
/// command line only reads the topic and writes the files.
public struct NDLExport: Sendable {
    public static let metadataFile = "metadata.json"
    public static let tablesVersion = "1"

    public struct Metadata: Sendable, Hashable, Codable {
        public struct Table: Sendable, Hashable, Codable {
            public var file: String
            public var rows: Int
            public var columns: Int
            public var primarySuppressed: Int
            public var secondarySuppressed: Int

            enum CodingKeys: String, CodingKey {
                case file, rows, columns
                case primarySuppressed = "primary_suppressed"
                case secondarySuppressed = "secondary_suppressed"
            }
        }

        public var period: String
        public var periodStart: String
        public var periodEnd: String
        public var producedAt: String
        public var eventSchemaVersion = EarlyYearsEvent.schemaVersion
        public var tablesVersion = NDLExport.tablesVersion
        public var rule: DisclosureRule
        public var symbols = [DisclosureRule.suppressedSymbol: "confidential: suppressed to protect children",
                              DisclosureRule.notApplicableSymbol: "not applicable: the instrument does not score this area"]
        public var zeros = "a true zero is published as 0 and never suppressed"
        public var sourceCounts: NDLFold.Counts
        public var tables: [Table]

        enum CodingKeys: String, CodingKey {
            case period
            case periodStart = "period_start"
            case periodEnd = "period_end"
            case producedAt = "produced_at"
            case eventSchemaVersion = "event_schema_version"
            case tablesVersion = "tables_version"
            case rule, symbols, zeros
            case sourceCounts = "source_counts"
            case tables
        }
    }

    public var tables: [ProtectedTable]
    public var metadata: Metadata

    public init(records: [ChildEventsRecord], fold: NDLFold, rule: DisclosureRule, producedAt: String) {
        let (facts, counts) = fold.facts(records)
        tables = NDLTables.tables(facts).map { ProtectedTable($0, rule: rule) }
        metadata = Metadata(
            period: fold.period.label, periodStart: fold.period.start, periodEnd: fold.period.end, producedAt: producedAt, rule: rule,
            sourceCounts: counts,
            tables: tables.map {
                .init(file: $0.table.name, rows: $0.table.rowKeys.count, columns: $0.table.columns.count,
                      primarySuppressed: $0.pattern.primaryCount, secondarySuppressed: $0.pattern.secondaryCount)
            })
    }

    /// Every file of the export, by name.
    public func files() throws -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var files = [Self.metadataFile: String(decoding: try encoder.encode(metadata), as: UTF8.self) + "\n"]
        for table in tables { files[table.table.name] = table.csv }
        return files
    }
}
