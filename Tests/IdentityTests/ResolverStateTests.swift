import EarlyYearsSchema
import Foundation
@testable import Identity
import Testing

/// The resolver's state as a fold over crosswalk records: restoring from them, in any order, gives
/// the same decisions; people's decisions (unlink, accept, reject) and what they prevent; the
/// explanation of a link.
@Suite("Resolver state and decisions")
struct ResolverStateTests {
    static let model = ResolverTests.model

    static func subject(_ person: PersonRecord) -> Subject {
        Subject(nhsNumber: person.nhsNumber.map { .init(NHSNumber($0)) }, givenNames: person.givenName.map { [$0] },
                familyName: person.familyName, birthDate: person.dob,
                sex: person.sex == "F" ? .female : person.sex == "M" ? .male : nil, postcode: person.postcode,
                address: person.address.map { .init(lines: [$0]) })
    }

    static let left = Source(orgType: .healthVisiting, orgCode: "RR8", system: "SystmOne", recordID: "")
    static let right = Source(orgType: .earlyYearsSetting, orgCode: "EY1", system: "Famly", recordID: "")

    @Test("a resolver restored from the crosswalk records, shuffled, decides every later record as the original does")
    func restoreIsAFold() throws {
        let population = SyntheticPopulation.twoSources(.init(people: 600, seed: 21))
        let stream = zip(population.left, population.right).flatMap { [($0, Self.left), ($1, Self.right)] }
        let ids = try ChildIDMaker(secret: Array(repeating: 3, count: 32))
        var original = Resolver(model: Self.model, ids: ids)
        var records: [CrosswalkRecord] = []
        let half = stream.count / 2
        for (person, source) in stream[..<half] {
            records += original.resolve(sourceKey: "\(source.system)-\(person.id)", source: source, subject: Self.subject(person)).records
        }
        // What compaction keeps: the latest record of each key.
        var latest: [String: CrosswalkRecord] = [:]
        for record in records { latest[record.key] = record }
        var generator = SeededGenerator(seed: 5)
        var restored = Resolver(model: Self.model, ids: ids, restoring: latest.values.shuffled(using: &generator))
        #expect(restored.knownSourceKeys == original.knownSourceKeys)
        var probabilistic = 0
        for (person, source) in stream[half...] {
            let key = "\(source.system)-\(person.id)"
            let a = original.resolve(sourceKey: key, source: source, subject: Self.subject(person), at: "t")
            let b = restored.resolve(sourceKey: key, source: source, subject: Self.subject(person), at: "t")
            #expect(a.childID == b.childID && a.rule == b.rule, "record \(key)")
            if a.rule == .probabilistic { probabilistic += 1 }
        }
        #expect(probabilistic > 50, "the later half links by probability against restored records: \(probabilistic)")
    }

    @Test("an NHS number whose date of birth disagrees is no evidence on the probabilistic path either")
    func disagreeingNHSNumberIsNoEvidence() throws {
        var resolver = try ResolverTests.resolver()
        let amelia = ResolverTests.subject("Amelia", "Rockwood", "2025-07-04", nhs: "9434765919")
        // Her sister's council record, with her NHS number keyed by mistake.
        let olivia = ResolverTests.subject("Olivia", "Rockwood", "2022-03-19", nhs: "9434765919")
        let first = resolver.resolve(sourceKey: "h1", source: ResolverTests.health, subject: amelia)
        // Counting the shared number, the pair would link on its own.
        let counted = Self.model.score(LinkageRecord(Resolver.person(amelia, sourceKey: "h1")), LinkageRecord(Resolver.person(olivia, sourceKey: "c1")))
        #expect(counted.probability >= Self.model.thresholds.link, "the test needs a pair the NHS number alone would link: \(counted.probability)")
        let sister = resolver.resolve(sourceKey: "c1", source: ResolverTests.council, subject: olivia)
        #expect(sister.childID != first.childID && sister.rule == .newChild)
        if let review = sister.review {
            #expect(review.contributions.first { $0.field == .nhsNumber }?.level == nil, "the number is no evidence in a review either")
        }
    }

    static func resolverWithOneChild() throws -> (Resolver, String) {
        var resolver = try ResolverTests.resolver()
        let health = resolver.resolve(sourceKey: "h1", source: ResolverTests.health,
                                      subject: ResolverTests.subject("Isabelle", "Fenstone", "2023-04-01", nhs: "9912003888"))
        _ = resolver.resolve(sourceKey: "c1", source: ResolverTests.council,
                             subject: ResolverTests.subject("Izzy", "Fenstone", "2023-04-01", nhs: "9912003888", postcode: "M1 1AE"))
        return (resolver, health.childID)
    }

    @Test("unlink: the record becomes its own child, recorded with who and why, and the NHS number no longer joins them")
    func unlink() throws {
        var (resolver, child) = try Self.resolverWithOneChild()
        #expect(resolver.childID(ofSourceKey: "c1") == child)
        let records = try resolver.unlink(sourceKey: "c1", by: "J. Smith", reason: "sibling's record", at: "2026-12-02T09:00:00Z")
        let split = try #require(resolver.childID(ofSourceKey: "c1"))
        #expect(split != child && split.hasPrefix("ch_"))
        guard case .link(let link)? = records.first else { Issue.record("an unlink writes the record's link"); return }
        #expect(link.rule == .unlinked && link.decidedBy == "J. Smith" && link.reason == "sibling's record")
        #expect(link.separations.map(\.childID) == [child])
        // The council's next record still carries the same NHS number and date: it stays apart,
        // and the pair goes to a person instead.
        let again = resolver.resolve(sourceKey: "c1", source: ResolverTests.council,
                                     subject: ResolverTests.subject("Izzy", "Fenstone", "2023-04-01", nhs: "9912003888", postcode: "M1 1AE"))
        #expect(again.childID == split && again.merges.isEmpty)
        #expect(again.review?.reason.contains("decided are different") == true)
        // Only one record is left with the child: nothing to unlink it from.
        #expect(throws: IdentityDecisionError.self) { try resolver.unlink(sourceKey: "h1", by: "J. Smith", reason: "x") }
        #expect(throws: IdentityDecisionError.self) { try resolver.unlink(sourceKey: "unknown", by: "J. Smith", reason: "x") }
    }

    @Test("accept merges the two children; reject keeps them apart, and an unlinked pair cannot be accepted")
    func reviews() throws {
        var resolver = try ResolverTests.resolver()
        let first = resolver.resolve(sourceKey: "h1", source: ResolverTests.health, subject: ResolverTests.subject("Isabelle", "Fenstone", "2023-04-01", nhs: "9912003888"))
        #expect(resolver.resolve(sourceKey: "n1", source: ResolverTests.nursery, subject: ResolverTests.subject("Isabel", "Fenstone", "2023-04-01")).childID == first.childID)
        // A second record from the same nursery: the child already has one from it, so a person decides.
        let second = resolver.resolve(sourceKey: "n2", source: ResolverTests.nursery, subject: ResolverTests.subject("Isabel", "Fenstone", "2023-04-01"))
        let review = try #require(second.review)
        #expect(review.candidateSourceKey == "h1" && review.reviewID == Resolution.Review.id("n2", "h1"))
        #expect(review.contributions.count == LinkageField.allCases.count)

        var accepting = resolver
        let merged = try accepting.accept(sourceKey: "n2", candidateSourceKey: "h1", by: "A. Reviewer", reason: "nursery confirmed")
        #expect(accepting.childID(ofSourceKey: "n2") == first.childID)
        guard case .merge(let merge)? = merged.first else { Issue.record("accepting writes a merge"); return }
        #expect(merge.from == second.childID && merge.into == first.childID && merge.decidedBy == "A. Reviewer")
        #expect(try accepting.accept(sourceKey: "n2", candidateSourceKey: "h1", by: "A. Reviewer", reason: "again").isEmpty, "accepting twice changes nothing")

        var rejecting = resolver
        _ = try rejecting.reject(sourceKey: "n2", candidateSourceKey: "h1", by: "A. Reviewer", reason: "different children")
        #expect(rejecting.crosswalk.isSeparated(second.childID, first.childID))
        #expect(throws: IdentityDecisionError.self) {
            try rejecting.accept(sourceKey: "n2", candidateSourceKey: "h1", by: "B. Reviewer", reason: "changed my mind")
        }
    }

    @Test("the explanation names rules, levels and weights, and no personal data")
    func explanation() throws {
        var resolver = try ResolverTests.resolver()
        _ = resolver.resolve(sourceKey: "h1", source: ResolverTests.health, subject: ResolverTests.subject("Isabelle", "Fenstone", "2023-04-01", nhs: "9912003888"))
        let nursery = resolver.resolve(sourceKey: "n1", source: ResolverTests.nursery, subject: ResolverTests.subject("Isabel", "Fenstone", "2023-04-01"))
        #expect(nursery.rule == .probabilistic)
        let text = try #require(IdentityExplanation(sourceKey: "n1", crosswalk: resolver.crosswalk)).text
        #expect(text.contains("rule       probabilistic, decided by eyhub resolve"))
        #expect(text.contains("linked to  h1 (SystmOne · RR8)"))
        #expect(text.contains(String(format: "match weight %.2f", nursery.matchWeight ?? 0)))
        for field in LinkageField.allCases { #expect(text.contains(field.rawValue), "a line for \(field.rawValue)") }
        #expect(text.contains("other records of \(nursery.childID): 1"))
        for personal in ["Isabel", "Fenstone", "2023", "9912003888", "LS1", "Acacia"] {
            #expect(!text.contains(personal), "no \(personal) in the explanation")
        }
        #expect(IdentityExplanation(sourceKey: "absent", crosswalk: resolver.crosswalk) == nil)
    }

    @Test("crosswalk records survive their JSON unchanged")
    func recordJSON() throws {
        var (resolver, _) = try Self.resolverWithOneChild()
        var records = try resolver.unlink(sourceKey: "c1", by: "J. Smith", reason: "sibling", at: "2026-12-02T09:00:00Z")
        records.append(.merge(.init(from: "ch_a", into: "ch_b", reason: "r", decidedBy: "d", decidedAt: "t")))
        for record in records { #expect(try CrosswalkRecord(json: try record.json()) == record) }
        #expect(try CrosswalkRecord(json: try records[1].json()).key == "merge:ch_a")
    }
}
