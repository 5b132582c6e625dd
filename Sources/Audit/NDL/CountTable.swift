/// A two-way table of counts of children before disclosure control: labelled rows (each with one
/// label per key column), labelled columns, and a cell per pair. A `nil` cell cannot exist (GSS
/// `z`): it is not counted and not in any total.
public struct CountTable: Sendable, Hashable {
    /// The CSV file the table is written to.
    public var name: String
    public var rowKeyNames: [String]
    public var rowKeys: [[String]]
    public var columns: [String]
    public var cells: [[Int?]]

    public init(name: String, rowKeyNames: [String], rowKeys: [[String]], columns: [String], cells: [[Int?]]) {
        precondition(rowKeys.count == cells.count && cells.allSatisfy { $0.count == columns.count }, "a table's cells must match its rows and columns")
        self.name = name
        self.rowKeyNames = rowKeyNames
        self.rowKeys = rowKeys
        self.columns = columns
        self.cells = cells
    }

    /// The table with its totals: `rows + 1` rows and `columns + 1` columns, the last row holding
    /// the column totals, the last column the row totals, and the corner the grand total.
    public var withTotals: [[Int?]] {
        var grid = cells.map { row in row + [row.reduce(0) { $0 + ($1 ?? 0) }] }
        let width = columns.count + 1
        grid.append((0..<width).map { column in grid.reduce(0) { $0 + ($1[column] ?? 0) } })
        return grid
    }
}
