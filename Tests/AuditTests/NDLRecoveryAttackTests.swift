import Audit
import Identity
import Testing

/// An attacker is given every published cell and total of a protected table and tries to work out
/// each suppressed cell exactly, two ways, neither using the code under test: iterative
/// elimination over the row, column and grand-total equations, and exact bounds by linear
/// programming (the equations with every suppressed cell at least 1; the constraint matrix of a
/// table is totally unimodular, so the LP bounds are the integer bounds). Nothing is rounded, the
/// attacker's best case.
@Suite struct NDLRecoveryAttackTests {
    static let exact = DisclosureRule(roundingBase: 1)

    @Test func noSuppressedCellIsRecoveredInRandomTables() {
        var generator = SeededGenerator(seed: 20260601)
        var suppressedCells = 0
        for index in 0..<300 {
            let table = RandomTable.make(&generator, name: "random-\(index).csv")
            let protected = ProtectedTable(table, rule: Self.exact)
            let attack = TableAttack(protected.published)
            let truth = table.withTotals
            #expect(attack.eliminated().isEmpty, "table \(index): elimination recovers \(attack.eliminated())")
            for cell in attack.unknowns {
                suppressedCells += 1
                let (low, high) = attack.bounds(of: cell)
                let value = Double(truth[cell.row][cell.column]!)
                #expect(low <= value + 1e-6 && value <= high + 1e-6, "table \(index) cell \(cell): the attack's model is wrong")
                #expect(high - low > 0.5, "table \(index): cell \(cell) is recovered exactly as \(low)")
            }
        }
        #expect(suppressedCells > 1_000, "the tables must have plenty to attack")
    }

    @Test func theAttackRecoversCellsWhenSecondarySuppressionIsOff() {
        var generator = SeededGenerator(seed: 20260601)
        var eliminated = 0
        var bounded = 0
        for index in 0..<300 {
            let table = RandomTable.make(&generator, name: "random-\(index).csv")
            let protected = ProtectedTable(table, rule: DisclosureRule(roundingBase: 1, secondarySuppression: false))
            let attack = TableAttack(protected.published)
            let truth = table.withTotals
            for (cell, value) in attack.eliminated() {
                #expect(value == truth[cell.row][cell.column]!, "the attack must recover the true value")
                eliminated += 1
            }
            bounded += attack.unknowns.count { cell in
                let (low, high) = attack.bounds(of: cell)
                return high - low < 0.5
            }
        }
        #expect(eliminated > 100)
        #expect(bounded >= eliminated)
    }

    /// A table the size of a few LAs' concern rows: protected, and elimination recovers nothing.
    @Test func aTallTableIsProtectedAgainstElimination() {
        var generator = SeededGenerator(seed: 7)
        let cells: [[Int?]] = (0..<240).map { _ in (0..<3).map { _ in Int.random(in: 0...14, using: &generator) } }
        let table = CountTable(name: "tall.csv", rowKeyNames: ["row"], rowKeys: (0..<240).map { ["r\($0)"] }, columns: ["a", "b", "c"], cells: cells)
        let protected = ProtectedTable(table, rule: Self.exact)
        #expect(protected.pattern.secondaryCount > 0)
        #expect(TableAttack(protected.published).eliminated().isEmpty)
    }

    /// Three small cells in a rectangle with a fourth of 1: elimination fails, but the bounds pin it.
    @Test func theBoundsAttackCatchesWhatEliminationMisses() {
        // Suppressed 2×2 block of ones: the totals hold (each can only stay at 1 or all rise together,
        // which the unchanged row totals forbid).
        let published: [[ProtectedTable.Value]] = [
            [.suppressed, .suppressed, .count(12), .count(14)],
            [.suppressed, .suppressed, .count(20), .count(22)],
            [.count(2), .count(2), .count(32), .count(36)],
        ]
        let attack = TableAttack(published)
        #expect(attack.eliminated().isEmpty)
        let (low, high) = attack.bounds(of: .init(row: 0, column: 0))
        #expect(abs(low - 1) < 1e-6 && abs(high - 1) < 1e-6)
    }
}

/// A table of 2–5 rows and columns with a mix of zeros, small counts, larger counts and the odd
/// not-applicable cell.
enum RandomTable {
    static func make(_ generator: inout SeededGenerator, name: String) -> CountTable {
        let rows = Int.random(in: 2...5, using: &generator), columns = Int.random(in: 2...5, using: &generator)
        let cells: [[Int?]] = (0..<rows).map { _ in
            (0..<columns).map { _ in
                switch Int.random(in: 0..<100, using: &generator) {
                case ..<5: nil
                case ..<20: 0
                case ..<55: Int.random(in: 1...9, using: &generator)
                default: Int.random(in: 10...60, using: &generator)
                }
            }
        }
        return CountTable(name: name, rowKeyNames: ["row"], rowKeys: (0..<rows).map { ["r\($0)"] }, columns: (0..<columns).map { "c\($0)" },
                          cells: cells)
    }
}

/// What an attacker can do with a published table (last row and column the totals).
struct TableAttack {
    struct Cell: Hashable, CustomStringConvertible {
        var row: Int, column: Int
        var description: String { "(\(row), \(column))" }
    }

    /// Each equation: the cells that add up (with sign +1) to the cell with sign −1.
    let equations: [[(cell: Cell, sign: Double)]]
    let known: [Cell: Int]
    let unknowns: [Cell]

    init(_ published: [[ProtectedTable.Value]]) {
        let rows = published.count, columns = published[0].count
        var known: [Cell: Int] = [:]
        var unknowns: [Cell] = []
        for row in 0..<rows {
            for column in 0..<columns {
                switch published[row][column] {
                case .count(let count): known[Cell(row: row, column: column)] = count
                case .notApplicable: known[Cell(row: row, column: column)] = 0
                case .suppressed: unknowns.append(Cell(row: row, column: column))
                }
            }
        }
        var equations: [[(cell: Cell, sign: Double)]] = []
        for row in 0..<rows {
            equations.append((0..<columns - 1).map { (Cell(row: row, column: $0), 1) } + [(Cell(row: row, column: columns - 1), -1)])
        }
        for column in 0..<columns {
            equations.append((0..<rows - 1).map { (Cell(row: $0, column: column), 1) } + [(Cell(row: rows - 1, column: column), -1)])
        }
        self.equations = equations
        self.known = known
        self.unknowns = unknowns
    }

    /// Cells found by repeatedly solving any equation with a single unknown.
    func eliminated() -> [Cell: Int] {
        var values = known
        var found: [Cell: Int] = [:]
        var progress = true
        while progress {
            progress = false
            for equation in equations {
                let missing = equation.filter { values[$0.cell] == nil }
                guard missing.count == 1, let target = missing.first else { continue }
                let rest = equation.filter { $0.cell != target.cell }.reduce(0.0) { $0 + $1.sign * Double(values[$1.cell]!) }
                let value = Int(-rest / target.sign)
                values[target.cell] = value
                found[target.cell] = value
                progress = true
            }
        }
        return found
    }

    /// The smallest and largest values of `cell` consistent with everything published, every
    /// suppressed cell at least 1.
    func bounds(of cell: Cell) -> (Double, Double) {
        // Variables v = suppressed − 1 ≥ 0.
        let index = Dictionary(uniqueKeysWithValues: unknowns.enumerated().map { ($1, $0) })
        var matrix: [[Double]] = []
        var rhs: [Double] = []
        for equation in equations where equation.contains(where: { index[$0.cell] != nil }) {
            var row = [Double](repeating: 0, count: unknowns.count)
            var constant = 0.0
            for (member, sign) in equation {
                if let column = index[member] {
                    row[column] += sign
                    constant += sign
                } else {
                    constant += sign * Double(known[member]!)
                }
            }
            matrix.append(row)
            rhs.append(-constant)
        }
        var objective = [Double](repeating: 0, count: unknowns.count)
        objective[index[cell]!] = 1
        let low = LinearProgram.minimum(objective, matrix, rhs) ?? .nan
        let high = -(LinearProgram.minimum(objective.map { -$0 }, matrix, rhs) ?? .nan)
        return (low + 1, high + 1)
    }
}

/// A dense two-phase simplex with Bland's rule: min c·x subject to A x = b, x ≥ 0.
enum LinearProgram {
    /// The optimum; −∞ if unbounded below; `nil` if infeasible.
    static func minimum(_ cost: [Double], _ a: [[Double]], _ b: [Double]) -> Double? {
        let n = cost.count
        var m = a.count
        let width = n + m
        var tableau: [[Double]] = (0..<m).map { i in
            let sign: Double = b[i] < 0 ? -1 : 1
            return a[i].map { $0 * sign } + (0..<m).map { $0 == i ? 1 : 0 } + [b[i] * sign]
        }
        var basis = (0..<m).map { n + $0 }
        let epsilon = 1e-9

        func pivot(_ row: Int, _ column: Int) {
            let value = tableau[row][column]
            tableau[row] = tableau[row].map { $0 / value }
            for other in 0..<m where other != row && tableau[other][column] != 0 {
                let factor = tableau[other][column]
                for j in 0...width { tableau[other][j] -= factor * tableau[row][j] }
            }
            basis[row] = column
        }

        /// False if unbounded.
        func optimise(_ costs: [Double], columns: Int) -> Bool {
            while true {
                var entering: Int?
                for j in 0..<columns where !basis.contains(j) {
                    var reduced = costs[j]
                    for i in 0..<m { reduced -= costs[basis[i]] * tableau[i][j] }
                    if reduced < -epsilon { entering = j; break }
                }
                guard let column = entering else { return true }
                var leaving: Int?
                var best = Double.infinity
                for i in 0..<m where tableau[i][column] > epsilon {
                    let ratio = tableau[i][width] / tableau[i][column]
                    if ratio < best - epsilon || (abs(ratio - best) <= epsilon && basis[i] < basis[leaving!]) {
                        best = ratio
                        leaving = i
                    }
                }
                guard let row = leaving else { return false }
                pivot(row, column)
            }
        }

        let phaseOne = [Double](repeating: 0, count: n) + [Double](repeating: 1, count: m)
        _ = optimise(phaseOne, columns: width)
        let infeasibility = (0..<m).reduce(0.0) { $0 + (basis[$1] >= n ? tableau[$1][width] : 0) }
        guard infeasibility < 1e-7 else { return nil }
        var row = 0
        while row < m {
            if basis[row] >= n {
                if let column = (0..<n).first(where: { abs(tableau[row][$0]) > epsilon }) {
                    pivot(row, column)
                } else {
                    tableau.remove(at: row)
                    basis.remove(at: row)
                    m -= 1
                    continue
                }
            }
            row += 1
        }
        let costs = cost + [Double](repeating: 0, count: width - n)
        guard optimise(costs, columns: n) else { return -.infinity }
        return (0..<m).reduce(0.0) { $0 + costs[basis[$1]] * tableau[$1][width] }
    }
}
