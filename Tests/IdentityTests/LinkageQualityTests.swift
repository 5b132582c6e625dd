@testable import Identity
import Testing

/// Linkage quality on generated two-source data (``SyntheticPopulation``): typos, nicknames,
/// swapped names and dates, moves, placeholders, twins (a third with look-alike names) and
/// siblings, missing fields. The model is trained on the data itself, unsupervised, as
/// `eyhub identity match` does without a model file.
///
/// Issue 4 asks for precision ≥ 0.999, recall ≥ 0.98 and no twin merged. Precision and recall
/// are held here. Twin merges are not all avoided: about one per set remains, where each source
/// holds a different twin and nothing but look-alike given names (or a placeholder) tells them
/// apart, which is indistinguishable from one child's misspelt name
/// (`docs/decisions/0013-identity-linkage.md`); what is held is that no twin is merged where
/// either source holds both twins.
@Suite("Linkage quality")
struct LinkageQualityTests {
    struct Measured {
        var predicted = 0
        var truePositives = 0
        var actual = 0
        /// Twin merges, and those where both sources hold both twins.
        var twinMerges = 0
        var twinMergesWithBothTwinsInBothSources = 0
        /// Twin merges where at least one source holds both twins (so the twins can be told apart).
        var twinMergesWhereASourceHoldsBothTwins = 0
        var precision: Double { predicted == 0 ? 0 : Double(truePositives) / Double(predicted) }
        var recall: Double { actual == 0 ? 0 : Double(truePositives) / Double(actual) }
    }

    static func measure(people: Int, seed: UInt64, threshold: Double) -> Measured {
        let population = SyntheticPopulation.twoSources(.init(people: people, seed: seed))
        let left = population.left.map(LinkageRecord.init)
        let right = population.right.map(LinkageRecord.init)
        let model = ModelTraining.train(left, right)
        let pairs = BatchLinker(model: model, threshold: threshold).link(left, right)
        var measured = Measured()
        let leftPeople = Set(population.left.compactMap { population.truth[$0.id] })
        let rightPeople = Set(population.right.compactMap { population.truth[$0.id] })
        measured.actual = leftPeople.intersection(rightPeople).count
        for pair in pairs {
            measured.predicted += 1
            guard let a = population.truth[population.left[pair.left].id], let b = population.truth[population.right[pair.right].id] else { continue }
            if a == b { measured.truePositives += 1 }
            if population.twins.contains(.init(a, b)) {
                measured.twinMerges += 1
                if [a, b].allSatisfy({ leftPeople.contains($0) && rightPeople.contains($0) }) { measured.twinMergesWithBothTwinsInBothSources += 1 }
                if [leftPeople, rightPeople].contains(where: { $0.contains(a) && $0.contains(b) }) { measured.twinMergesWhereASourceHoldsBothTwins += 1 }
            }
        }
        return measured
    }

    @Test("20,000 records in two sources: precision ≥ 0.999 and recall ≥ 0.98 at the auto-link threshold, and no twin merged where either source holds both twins")
    func twoSources() {
        // 12,500 children give about 10,600 health visiting and 9,400 nursery records.
        let measured = Self.measure(people: 12_500, seed: 2026, threshold: 0.95)
        #expect(measured.actual > 7_000)
        #expect(measured.precision >= 0.999, "precision \(measured.precision): \(measured.predicted - measured.truePositives) false links of \(measured.predicted)")
        #expect(measured.recall >= 0.98, "recall \(measured.recall): \(measured.actual - measured.truePositives) missed of \(measured.actual)")
        #expect(measured.twinMergesWithBothTwinsInBothSources == 0, "\(measured.twinMerges) twin merges")
        #expect(measured.twinMergesWhereASourceHoldsBothTwins == 0, "\(measured.twinMerges) twin merges")
        #expect(measured.twinMerges <= 1, "twin merges only where each source holds one twin: \(measured.twinMerges)")
    }
}
