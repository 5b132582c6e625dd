import Audit
import Testing

@Suite struct NDLDisclosureTests {
    static let rule = DisclosureRule()

    @Test func countsFromOneToNineAreSuppressedAndZerosArePublished() {
        #expect(!Self.rule.isPrimary(0))
        #expect((1...9).allSatisfy(Self.rule.isPrimary))
        #expect(!Self.rule.isPrimary(10))
    }

    @Test func otherCountsAreRoundedToTheNearestFiveHalvesUp() {
        let rounded = [10, 12, 13, 17, 18, 22, 100, 102].map(Self.rule.rounded)
        #expect(rounded == [10, 10, 15, 15, 20, 20, 100, 100])
        #expect(Self.rule.rounded(0) == 0)
    }

    @Test func thresholdAndRoundingBaseAreConfigurable() {
        let rule = DisclosureRule(threshold: 5, roundingBase: 10)
        #expect(rule.isPrimary(4) && !rule.isPrimary(5))
        #expect([5, 14, 15, 26].map(rule.rounded) == [10, 10, 20, 30])
        #expect(DisclosureRule(roundingBase: 1).rounded(13) == 13)
    }

    @Test func aSmallCellIsPublishedAsCAndTheRestRoundedWithTotals() {
        let table = CountTable(name: "t.csv", rowKeyNames: ["la"], rowKeys: [["201"], ["202"]], columns: ["a", "b"],
                               cells: [[0, 21], [33, 48]])
        let published = ProtectedTable(table, rule: Self.rule)
        #expect(published.csv == "la,a,b,Total\n201,0,20,20\n202,35,50,80\nTotal,35,70,100\n")
    }

    /// With 5 suppressed in row 201, the row total (55) less the other cells (20 + 30) gives it away.
    @Test func aLoneSuppressedCellInARowGetsAComplement() {
        let table = CountTable(name: "t.csv", rowKeyNames: ["la"], rowKeys: [["201"], ["202"]], columns: ["a", "b", "c"],
                               cells: [[5, 20, 30], [40, 25, 35]])
        let pattern = ProtectedTable(table, rule: DisclosureRule(roundingBase: 1)).pattern
        #expect(pattern.primaryCount == 1)
        #expect(pattern.secondaryCount >= 3)
        for row in pattern.suppressed.indices where pattern.suppressed[row].contains(true) {
            #expect(pattern.suppressed[row].count { $0 } >= 2, "row \(row) has a single suppressed cell")
        }
        for column in pattern.suppressed[0].indices where pattern.suppressed.contains(where: { $0[column] }) {
            #expect(pattern.suppressed.count { $0[column] } >= 2, "column \(column) has a single suppressed cell")
        }
        // The cheapest complement: the rectangle with the smallest cells (20 in row 201, 40 and 25 in row 202).
        #expect(pattern.secondary[0][1] && pattern.secondary[1][0] && pattern.secondary[1][1])
        #expect(!pattern.secondary[0][2] && !pattern.secondary[2][3])
    }

    @Test func aSmallTotalIsSuppressedAndProtectedToo() {
        let table = CountTable(name: "t.csv", rowKeyNames: ["la"], rowKeys: [["201"], ["202"]], columns: ["a", "b"],
                               cells: [[3, 4], [30, 40]])
        let published = ProtectedTable(table, rule: Self.rule)
        #expect(published.published[0] == [.suppressed, .suppressed, .suppressed])
        // Row 201's total (7) is small too. The column totals would give its cells away, so row 202's
        // cells under them are suppressed; and the grand total less row 202's total would give 7, so that goes too.
        #expect(published.published[1] == [.suppressed, .suppressed, .suppressed])
        #expect(published.published[2] == [.count(35), .count(45), .count(75)])
    }

    @Test func notApplicableCellsAreZAndOutsideTheTotals() {
        let table = CountTable(name: "t.csv", rowKeyNames: ["area"], rowKeys: [["communication"], ["social_emotional"]],
                               columns: ["asq_3", "asq_se_2"], cells: [[20, nil], [nil, 15]])
        #expect(ProtectedTable(table, rule: Self.rule).csv == "area,asq_3,asq_se_2,Total\ncommunication,20,z,20\nsocial_emotional,z,15,15\nTotal,20,15,35\n")
    }

    @Test func withoutSecondarySuppressionOnlyTheSmallCellIsHidden() {
        let table = CountTable(name: "t.csv", rowKeyNames: ["la"], rowKeys: [["201"], ["202"]], columns: ["a", "b", "c"],
                               cells: [[5, 20, 30], [40, 25, 35]])
        let pattern = ProtectedTable(table, rule: DisclosureRule(secondarySuppression: false)).pattern
        #expect(pattern.primaryCount == 1 && pattern.secondaryCount == 0)
    }
}
