/// Which cells of a table with totals are suppressed, and which of them only to protect others.
///
/// Primary suppression applies ``DisclosureRule/isPrimary(_:)`` to every cell and total. Secondary
/// suppression then adds cells until no suppressed cell can be worked out exactly from what is
/// published: the other cells, the row and column totals and the grand total, knowing that a
/// suppressed cell is at least 1 (zeros are published) and has no upper bound.
///
/// The test for "worked out exactly" treats the table with its totals as a circulation: a node per
/// row and per column (the totals row and column included), a cell as flow between its row and its
/// column (interior cells and the grand total one way, the other totals the other way), so every
/// node balances. The published cells are fixed; the suppressed ones may change. A suppressed cell
/// can be larger than its true value if some other change balances it: a path back from its column
/// to its row through suppressed cells, each either increased or (if above 1) decreased; smaller
/// likewise. A cell with neither path has one possible value: it must be protected further.
/// Protection is judged on the unrounded totals, so it holds even when nothing is rounded.
public struct SuppressionPattern: Sendable, Hashable {
    /// Over the table with its totals (``CountTable/withTotals``).
    public private(set) var suppressed: [[Bool]]
    public private(set) var secondary: [[Bool]]

    /// What an attacker knows of a suppressed cell: it is at least this.
    public static let lowerBound = 1

    public init(grid: [[Int?]], rule: DisclosureRule) {
        suppressed = grid.map { row in row.map { $0.map(rule.isPrimary) ?? false } }
        secondary = grid.map { row in row.map { _ in false } }
        guard rule.secondarySuppression else { return }
        // Suppressing more never makes a protected cell recoverable again, so each is checked until it is safe.
        var safe: Set<Cell> = []
        while let exposed = firstRecoverable(in: grid, skipping: &safe) {
            let complement = complement(protecting: exposed, in: grid)
            guard !complement.isEmpty else { break }
            for cell in complement {
                suppressed[cell.row][cell.column] = true
                secondary[cell.row][cell.column] = true
            }
        }
    }

    public var primaryCount: Int { zip(suppressed, secondary).reduce(0) { $0 + zip($1.0, $1.1).filter { $0 && !$1 }.count } }
    public var secondaryCount: Int { secondary.reduce(0) { $0 + $1.filter { $0 }.count } }

    struct Cell: Hashable { var row: Int, column: Int }

    private func firstRecoverable(in grid: [[Int?]], skipping safe: inout Set<Cell>) -> Cell? {
        for row in grid.indices {
            for column in grid[row].indices where suppressed[row][column] {
                let cell = Cell(row: row, column: column)
                guard !safe.contains(cell) else { continue }
                if Self.isRecoverable(cell, grid: grid, suppressed: suppressed) { return cell }
                safe.insert(cell)
            }
        }
        return nil
    }

    /// The published cells whose suppression protects `exposed`, the least information lost
    /// first: one cell in its row or column, the smallest; else the other three corners of a
    /// rectangle with it (totals included), the smallest sum; else every published cell in its row
    /// and column; else the smallest published cell anywhere. Each round suppresses at least one
    /// more cell, and with every non-zero cell suppressed none can be recovered, so it ends.
    private func complement(protecting exposed: Cell, in grid: [[Int?]]) -> [Cell] {
        func open(_ cell: Cell) -> Int? {
            guard !suppressed[cell.row][cell.column], let value = grid[cell.row][cell.column], value > 0 else { return nil }
            return value
        }
        func protects(_ cells: [Cell]) -> Bool {
            var trial = suppressed
            for cell in cells { trial[cell.row][cell.column] = true }
            return !Self.isRecoverable(exposed, grid: grid, suppressed: trial)
        }
        let rows = grid.indices, columns = grid[0].indices
        let line = rows.map { Cell(row: $0, column: exposed.column) } + columns.map { Cell(row: exposed.row, column: $0) }
        let singles = line.compactMap { cell in open(cell).map { (value: $0, cell: cell) } }
            .sorted { ($0.value, $0.cell.row, $0.cell.column) < ($1.value, $1.cell.row, $1.cell.column) }
        if let single = singles.first(where: { protects([$0.cell]) }) { return [single.cell] }

        var rectangles: [(cost: Int, cells: [Cell], order: Int)] = []
        for row in rows where row != exposed.row {
            for column in columns where column != exposed.column {
                let corners = [Cell(row: exposed.row, column: column), Cell(row: row, column: exposed.column), Cell(row: row, column: column)]
                guard corners.allSatisfy({ suppressed[$0.row][$0.column] || open($0) != nil }) else { continue }
                let added = corners.filter { open($0) != nil }
                rectangles.append((added.reduce(0) { $0 + open($1)! }, added, rectangles.count))
            }
        }
        rectangles.sort { ($0.cost, $0.cells.count, $0.order) < ($1.cost, $1.cells.count, $1.order) }
        if let rectangle = rectangles.first(where: { !$0.cells.isEmpty && protects($0.cells) }) { return rectangle.cells }
        if !singles.isEmpty { return singles.map(\.cell) }
        let anywhere = rows.flatMap { row in columns.map { Cell(row: row, column: $0) } }.compactMap { cell in open(cell).map { ($0, cell) } }
        return anywhere.min { ($0.0, $0.1.row, $0.1.column) < ($1.0, $1.1.row, $1.1.column) }.map { [$0.1] } ?? []
    }

    /// Whether the suppressed `cell` has only one value consistent with everything published.
    static func isRecoverable(_ cell: Cell, grid: [[Int?]], suppressed: [[Bool]]) -> Bool {
        let rows = grid.count, columns = grid[0].count
        func node(row: Int) -> Int { row }
        func node(column: Int) -> Int { rows + column }
        // Interior cells and the grand total flow row → column; the other totals column → row.
        func ends(_ row: Int, _ column: Int) -> (from: Int, to: Int) {
            (row < rows - 1) == (column < columns - 1)
                ? (node(row: row), node(column: column)) : (node(column: column), node(row: row))
        }
        var residual = [[Int]](repeating: [], count: rows + columns)
        for row in 0..<rows {
            for column in 0..<columns where suppressed[row][column] && Cell(row: row, column: column) != cell {
                let (from, to) = ends(row, column)
                residual[from].append(to)
                if (grid[row][column] ?? 0) > lowerBound { residual[to].append(from) }
            }
        }
        func reaches(_ start: Int, _ goal: Int) -> Bool {
            var seen = Set([start]), queue = [start]
            while let next = queue.popLast() {
                if next == goal { return true }
                for neighbour in residual[next] where seen.insert(neighbour).inserted { queue.append(neighbour) }
            }
            return false
        }
        let (from, to) = ends(cell.row, cell.column)
        let canGrow = reaches(to, from)
        let canShrink = (grid[cell.row][cell.column] ?? 0) > lowerBound && reaches(from, to)
        return !canGrow && !canShrink
    }
}
