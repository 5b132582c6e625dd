import Foundation

/// A ``CountTable`` after disclosure control, as it is published: every cell and total either a
/// rounded count, `c` (suppressed) or `z` (not applicable).
public struct ProtectedTable: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case count(Int)
        case suppressed
        case notApplicable

        public var text: String {
            switch self {
            case .count(let count): String(count)
            case .suppressed: DisclosureRule.suppressedSymbol
            case .notApplicable: DisclosureRule.notApplicableSymbol
            }
        }
    }

    public var table: CountTable
    public var rule: DisclosureRule
    public var pattern: SuppressionPattern
    /// Over the table with its totals: the last row and column are the totals.
    public var published: [[Value]]

    public init(_ table: CountTable, rule: DisclosureRule) {
        self.table = table
        self.rule = rule
        let grid = table.withTotals
        let pattern = SuppressionPattern(grid: grid, rule: rule)
        self.pattern = pattern
        published = grid.indices.map { row in
            grid[row].indices.map { column -> Value in
                guard let count = grid[row][column] else { return .notApplicable }
                return pattern.suppressed[row][column] ? .suppressed : .count(rule.rounded(count))
            }
        }
    }

    /// The table as CSV: the row key columns, the table's columns and `Total`, then a `Total` row.
    public var csv: String {
        var lines = [(table.rowKeyNames + table.columns + ["Total"]).map(Self.field).joined(separator: ",")]
        let keys = table.rowKeys + [table.rowKeyNames.map { _ in "Total" }]
        for (key, values) in zip(keys, published) {
            lines.append((key.map(Self.field) + values.map(\.text)).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
