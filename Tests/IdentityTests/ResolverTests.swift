import EarlyYearsSchema
@testable import Identity
import Testing

/// The resolver, one record at a time: child ids, the deterministic rules, probabilistic links,
/// reviews, merges and twins.
@Suite("Resolver")
struct ResolverTests {
    static let model: LinkageModel = {
        let population = SyntheticPopulation.twoSources(.init(people: 3_000, seed: 9))
        return ModelTraining.train(population.left.map(LinkageRecord.init), population.right.map(LinkageRecord.init))
    }()

    static func resolver() throws -> Resolver {
        Resolver(model: model, ids: try ChildIDMaker(secret: Array(repeating: 7, count: 32)))
    }

    static let health = Source(orgType: .healthVisiting, orgCode: "RR8", system: "SystmOne", recordID: "1")
    static let nursery = Source(orgType: .earlyYearsSetting, orgCode: "EY1", system: "Famly", recordID: "1")
    static let council = Source(orgType: .localAuthority, orgCode: "383", system: "Mosaic", recordID: "1")

    static func subject(_ given: String?, _ family: String, _ birthDate: String?, nhs: String? = nil, sex: Subject.Sex = .female,
                        postcode: String = "LS1 4AP", upn: String? = nil, la: (String, String)? = nil) -> Subject {
        Subject(nhsNumber: nhs.map { .init(NHSNumber($0)) }, upn: upn.map { .init(UniquePupilNumber($0)) },
                laChildID: la.map { .init(laCode: $0.0, value: $0.1) }, givenNames: given.map { [$0] }, familyName: family,
                birthDate: birthDate, sex: sex, postcode: postcode, address: .init(lines: ["12 Acacia Avenue", "Leeds"]))
    }

    @Test("child ids: stable for a key and a secret, different under another secret, never an identifier; a short secret is refused")
    func childIDs() throws {
        let ids = try ChildIDMaker(secret: Array(repeating: 1, count: 32))
        let id = ids.childID(forSourceKey: "key-1")
        #expect(id == ids.childID(forSourceKey: "key-1"))
        #expect(id != ids.childID(forSourceKey: "key-2"))
        #expect(id != (try ChildIDMaker(secret: Array(repeating: 2, count: 32))).childID(forSourceKey: "key-1"))
        #expect(id.hasPrefix("ch_") && id.count == 35 && id.dropFirst(3).allSatisfy(\.isHexDigit))
        #expect(throws: ChildIDError.self) { try ChildIDMaker(secret: Array(repeating: 1, count: 31)) }
    }

    @Test("a valid NHS number with an agreeing date of birth links; with another date, or failing Modulus 11, it does not")
    func nhsNumber() throws {
        var resolver = try Self.resolver()
        let first = resolver.resolve(sourceKey: "h1", source: Self.health, subject: Self.subject("Amelia", "Rockwood", "2025-07-04", nhs: "9434765919"))
        #expect(first.rule == .newChild)
        // Another system, other demographics (a move, a nickname), the same NHS number and date.
        let same = resolver.resolve(sourceKey: "c1", source: Self.council,
                                    subject: Self.subject("Millie", "Rockwood", "2025-07-04", nhs: "943 476 5919", postcode: "M1 1AE"))
        #expect(same.rule == .nhsNumberAndBirthDate && same.childID == first.childID)
        // The same number with another date of birth and other names: not that child.
        let otherDate = resolver.resolve(sourceKey: "c2", source: Self.council, subject: Self.subject("Kwame", "Mensah", "2021-01-30", nhs: "9434765919", sex: .male, postcode: "B1 1AA"))
        #expect(otherDate.childID != first.childID && otherDate.rule == .newChild)
        // An NHS number that fails Modulus 11 links nothing, even when it is the same.
        let badOne = resolver.resolve(sourceKey: "h2", source: Self.health, subject: Self.subject("Tom", "Ashby", "2022-02-02", nhs: "9434765910", sex: .male, postcode: "S1 1AA"))
        let badTwo = resolver.resolve(sourceKey: "n2", source: Self.nursery, subject: Self.subject("Zara", "Khan", "2023-03-03", nhs: "9434765910", postcode: "NE1 1AA"))
        #expect(badOne.childID != badTwo.childID)
        #expect(resolver.childID(ofSourceKey: "c1") == first.childID)
    }

    @Test("a valid UPN links; an LA child id links within its LA only")
    func otherIdentifiers() throws {
        var resolver = try Self.resolver()
        let school = resolver.resolve(sourceKey: "s1", source: Self.council, subject: Self.subject("Ava", "Price", "2020-05-05", upn: "A950000178301", la: ("383", "LA-1")))
        let byUPN = resolver.resolve(sourceKey: "n1", source: Self.nursery, subject: Self.subject("Eva", "Pryce", nil, postcode: "M1 1AE", upn: "A950000178301"))
        #expect(byUPN.rule == .upn && byUPN.childID == school.childID)
        let sameLA = resolver.resolve(sourceKey: "e1", source: Self.health, subject: Self.subject(nil, "Price", nil, postcode: "B1 1AA", la: ("383", "LA-1")))
        #expect(sameLA.rule == .laChildID && sameLA.childID == school.childID)
        let otherLA = resolver.resolve(sourceKey: "e2", source: Self.health, subject: Self.subject("Noah", "Ibe", "2024-01-01", sex: .male, postcode: "CF10 1AA", la: ("380", "LA-1")))
        #expect(otherLA.childID != school.childID)
    }

    @Test("without a shared identifier: a probabilistic link with its evidence; a second record from the same system goes to review")
    func probabilistic() throws {
        var resolver = try Self.resolver()
        let health = resolver.resolve(sourceKey: "h1", source: Self.health, subject: Self.subject("Isabelle", "Fenstone", "2023-04-01", nhs: "9912003888"))
        let nursery = resolver.resolve(sourceKey: "n1", source: Self.nursery, subject: Self.subject("Isabel", "Fenstone", "2023-04-01"))
        #expect(nursery.rule == .probabilistic && nursery.childID == health.childID)
        #expect((nursery.probability ?? 0) >= Self.model.thresholds.link)
        #expect(nursery.linkedSourceKey == "h1")
        #expect(nursery.contributions?.first { $0.field == .familyName }?.level == "exact")
        #expect(nursery.contributions?.first { $0.field == .nhsNumber }?.level == nil)
        // The nursery system already has a record of that child: a second one is not linked
        // (a source holds one record per child); a person decides.
        let again = resolver.resolve(sourceKey: "n2", source: Self.nursery, subject: Self.subject("Isabelle", "Fenstone", "2023-04-01"))
        #expect(again.rule == .newChild && again.childID != health.childID)
        #expect(again.review?.candidateChildID == health.childID)
        #expect(again.review?.reason.contains("already has a record") == true)
    }

    @Test("an NHS number arriving for a nursery child merges the two children; later records resolve to the survivor")
    func merge() throws {
        var resolver = try Self.resolver()
        let health = resolver.resolve(sourceKey: "h1", source: Self.health, subject: Self.subject("Baby", "Wakeborough", "2021-10-16", nhs: "9990500002", postcode: "UB11 9LJ"))
        // The nursery knows her as Ella, at a new address, with her date of birth mistyped.
        let nursery = resolver.resolve(sourceKey: "n1", source: Self.nursery, subject: Self.subject("Ella", "Wakeborough", "2021-11-26", postcode: "LS6 2AB"))
        #expect(nursery.childID != health.childID)
        // Her next nursery record carries the NHS number and the right date.
        let update = resolver.resolve(sourceKey: "n1", source: Self.nursery, subject: Self.subject("Ella", "Wakeborough", "2021-10-16", nhs: "9990500002", postcode: "LS6 2AB"))
        #expect(update.rule == .knownSourceKey && update.childID == nursery.childID)
        #expect(update.merges.map { [$0.from, $0.into, $0.reason, $0.decidedBy] }
                == [[health.childID, nursery.childID, "nhs_number+birth_date of a record of \(nursery.childID)", Resolver.decider]])
        #expect(resolver.childID(ofSourceKey: "h1") == nursery.childID)
    }

    @Test("twins are two children; a record of one links to that twin by name")
    func twins() throws {
        var resolver = try Self.resolver()
        let amelia = resolver.resolve(sourceKey: "h1", source: Self.health, subject: Self.subject("Amelia", "Rockwood", "2025-07-04", nhs: "9434765919"))
        let amelie = resolver.resolve(sourceKey: "h2", source: Self.health, subject: Self.subject("Amelie", "Rockwood", "2025-07-04", nhs: "9912003888"))
        #expect(amelia.childID != amelie.childID)
        let nursery = resolver.resolve(sourceKey: "n1", source: Self.nursery, subject: Self.subject("Amelie", "Rockwood", "2025-07-04"))
        #expect(nursery.childID == amelie.childID)
        let placeholder = resolver.resolve(sourceKey: "n2", source: Self.nursery, subject: Self.subject("Baby", "Rockwood", "2025-07-04"))
        #expect(placeholder.childID != amelia.childID && placeholder.childID != amelie.childID)
    }
}
