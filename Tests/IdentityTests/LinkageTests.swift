@testable import Identity
import Foundation
import Testing

/// The parts of linkage: records as compared, comparison levels, training, the twin rule, batch
/// files and the model file.
@Suite("Linkage")
struct LinkageTests {
    static func record(_ id: String, _ given: String?, _ family: String?, _ dob: String?, sex: String? = "F", postcode: String? = "LS1 4AP",
                       address: String? = "12 Acacia Avenue, Leeds", nhs: String? = nil) -> LinkageRecord {
        LinkageRecord(PersonRecord(id: id, givenName: given, familyName: family, dob: dob, sex: sex, postcode: postcode, address: address, nhsNumber: nhs))
    }

    @Test("placeholders are no name; those that number the children of a birth say so; an invalid NHS number is no identifier")
    func recordsAsCompared() {
        #expect(Self.record("a", "Baby Smith", "Smith", nil).givenName == nil)
        #expect(Self.record("a", "Baby Smith", "Smith", nil).givenIsPlaceholder)
        #expect(!Self.record("a", "Baby Smith", "Smith", nil).givenIsTwinPlaceholder)
        #expect(Self.record("a", "Twin 2", "Smith", nil).givenIsTwinPlaceholder)
        #expect(Self.record("a", "Baby B", "Smith", nil).givenIsTwinPlaceholder)
        #expect(Self.record("a", "Baby Amelia", "Smith", nil).givenName == "baby amelia")
        #expect(Self.record("a", "Siân", "O'Brien", "14/01/2023").givenName == "sian")
        #expect(Self.record("a", "A", "B", "14/01/2023").dob == .date(year: 2023, month: 1, day: 14))
        #expect(Self.record("a", "A", "B", nil, nhs: "943 476 5919").nhsNumber == "9434765919")
        let invalid = Self.record("a", "A", "B", nil, nhs: "9434765910")
        #expect(invalid.nhsNumber == nil && invalid.nhsNumberInvalid)
        #expect(Self.record("a", "A", "B", nil, sex: "Female").sex == UInt8(ascii: "F"))
        #expect(Self.record("a", "A", "B", nil, sex: "unknown").sex == nil)
    }

    @Test("comparison levels: dates typed, swapped and near; names swapped, short and misspelt; where the child lives")
    func levels() {
        let base = Self.record("a", "Isabelle", "Fenstone", "2023-04-01")
        func level(_ field: LinkageField, _ other: LinkageRecord) -> String? {
            field.level(base, other).map { field.levels[$0] }
        }
        #expect(level(.dob, Self.record("b", "x", "y", "01/04/2023")) == "exact")
        #expect(level(.dob, Self.record("b", "x", "y", "2023-04-10")) == "one_character_off")
        #expect(level(.dob, Self.record("b", "x", "y", "2023-01-04")) == "day_month_swapped")
        #expect(level(.dob, Self.record("b", "x", "y", "2023-04-25")) == "within_a_month")
        #expect(level(.dob, Self.record("b", "x", "y", "2023-11-30")) == "within_a_year")
        #expect(level(.dob, Self.record("b", "x", "y", "2020-11-30")) == "else")
        #expect(level(.dob, Self.record("b", "x", "y", nil)) == nil)
        #expect(level(.givenName, Self.record("b", "Fenstone", "Isabel", nil)) == "swapped_with_family_name")
        #expect(level(.familyName, Self.record("b", "Fenstone", "Isabel", nil)) == "swapped_with_given_name")
        #expect(level(.givenName, Self.record("b", "Izzy", "Fenstone", nil)) == "nickname_or_first_name")
        #expect(level(.givenName, Self.record("b", "Isabele", "Fenstone", nil)) == "jaro_winkler_0.92")
        #expect(level(.givenName, Self.record("b", "Kwame", "Fenstone", nil)) == "else")
        #expect(level(.givenName, Self.record("b", "Baby", "Fenstone", nil)) == nil)
        #expect(level(.familyName, Self.record("b", "x", "Smith-Fenstone", nil)) == "one_part_of_other")
        #expect(level(.location, Self.record("b", "x", "y", nil)) == "postcode_and_address")
        #expect(level(.location, Self.record("b", "x", "y", nil, address: "40 Oak Drive")) == "postcode")
        #expect(level(.location, Self.record("b", "x", "y", nil, postcode: "LS1 4AQ")) == "address")
        #expect(level(.location, Self.record("b", "x", "y", nil, postcode: "LS1 4ZZ", address: nil)) == "postcode_sector")
        #expect(level(.location, Self.record("b", "x", "y", nil, postcode: "LS1 9ZZ", address: nil)) == "postcode_district")
        #expect(level(.location, Self.record("b", "x", "y", nil, postcode: "LS9 9ZZ", address: nil)) == "postcode_area")
        #expect(level(.location, Self.record("b", "x", "y", nil, postcode: "M1 1AE", address: nil)) == "else")
        #expect(level(.location, Self.record("b", "x", "y", nil, postcode: nil, address: nil)) == nil)
        #expect(level(.nhsNumber, Self.record("b", "x", "y", nil)) == nil)
    }

    @Test("training on generated records learns what a match looks like, and a prior near the true share of matching pairs")
    func training() throws {
        let population = SyntheticPopulation.twoSources(.init(people: 4_000, seed: 5))
        let left = population.left.map(LinkageRecord.init)
        let right = population.right.map(LinkageRecord.init)
        let model = ModelTraining.train(left, right)
        #expect(model.training.emConverged)
        func weight(_ field: LinkageField, _ level: String) throws -> Double {
            let parameters = try #require(model.fields.first { $0.field == field }?.levels.first { $0.name == level })
            return log2(parameters.m / parameters.u)
        }
        for field in [LinkageField.givenName, .familyName, .dob, .nhsNumber] {
            #expect(try weight(field, "exact") > 5, "\(field)")
            #expect(try weight(field, "else") < -2, "\(field)")
        }
        #expect(try weight(.location, "postcode_and_address") > 8)
        // Twins and siblings differ in date of birth or given name: a household is not a child.
        #expect(try weight(.dob, "within_a_year") < 0)
        let matches = Double(Set(population.left.compactMap { population.truth[$0.id] }).intersection(population.right.compactMap { population.truth[$0.id] }).count)
        let truePrior = matches / (Double(left.count) * Double(right.count))
        #expect(model.prior > truePrior / 2 && model.prior < truePrior * 2, "prior \(model.prior), true \(truePrior)")
        // Rare names are not written to the model file.
        #expect(model.nameFrequencies.given.count < Set(left.compactMap(\.givenName)).count)
    }

    static func model() -> LinkageModel {
        let population = SyntheticPopulation.twoSources(.init(people: 3_000, seed: 9))
        return ModelTraining.train(population.left.map(LinkageRecord.init), population.right.map(LinkageRecord.init))
    }

    @Test("twins: each finds their own record when both sources hold both; a placeholder or a look-alike name in their household links to neither")
    func twins() {
        let model = Self.model()
        let left = [Self.record("L1", "Amelia", "Rockwood", "2025-07-04", nhs: "9434765919"), Self.record("L2", "Amelie", "Rockwood", "2025-07-04", nhs: "9912003888")]
        let right = [Self.record("R1", "Amelie", "Rockwood", "04/07/2025"), Self.record("R2", "AMELIA", "ROCKWOOD", "04/07/2025")]
        let linker = BatchLinker(model: model, threshold: 0.95)
        let pairs = Set(linker.link(left, right).map { [left[$0.left].id, right[$0.right].id] })
        #expect(pairs == [["L1", "R2"], ["L2", "R1"]])
        // A placeholder in a household known to hold twins links to neither; so does the
        // look-alike name alone, living elsewhere, to the twin it is not (the names were seen as
        // twins' names), while it still links to its own twin by name.
        #expect(linker.link(left, [Self.record("R3", "Baby", "Rockwood", "04/07/2025")]).isEmpty)
        #expect(linker.link(left, [Self.record("R4", "Amelie", "Rockwood", "04/07/2025", postcode: "M1 1AE", address: nil)]).map { left[$0.left].id } == ["L2"])
        // "Twin 1" numbers the children of a birth: never linked on the other fields alone.
        #expect(linker.link([Self.record("L5", "Twin 1", "Rockwood", "2025-07-04")], [right[0]]).isEmpty)
        // Two different valid NHS numbers are two children, whatever else agrees.
        #expect(linker.link([left[0]], [Self.record("R6", "Amelia", "Rockwood", "2025-07-04", nhs: "9990500002")]).isEmpty)
    }

    @Test("twins hidden by a typo: a family name mistyped on one twin, or a twin's date of birth mistyped beside a \"Twin 2\" placeholder, still marks the household")
    func twinsBehindTypos() {
        let linker = BatchLinker(model: Self.model(), threshold: 0.95)
        // The left source holds both twins, one with the family name mistyped: a look-alike name
        // from the right is the twin with that exact name, never the other.
        let left = [Self.record("L1", "Lea", "Balogun", "2023-01-04"), Self.record("L2", "Leah", "Balogunj", "2023-01-04")]
        let everyPair = BatchLinker(model: Self.model(), threshold: 0.95, oneToOne: false)
        #expect(everyPair.link(left, [Self.record("R1", "Leah", "Balogun", "04/01/2023")]).map { left[$0.left].id } == ["L2"],
                "not even as a second choice")
        // "Twin 2 Gallagher" is a placeholder with the family name after it, and says there are
        // twins at the address even though its date of birth is a month out: a "Baby" record of
        // the family there links to no named child.
        let births = [Self.record("L3", "Twin 2 Gallagher", "Gallagher", "2025-03-13"), Self.record("L4", "Baby Gallagher", "Gallagher", "2025-04-13")]
        #expect(LinkageRecord(PersonRecord(id: "x", givenName: "Twin 2 Gallagher", familyName: "Gallagher")).givenIsTwinPlaceholder)
        #expect(linker.link(births, [Self.record("R2", "Eddie", "Gallagher", "13/04/2025")]).isEmpty)
        // Without the twin placeholder, the same "Baby" record links: it is no name, not a name that differs.
        #expect(linker.link([births[1]], [Self.record("R2", "Eddie", "Gallagher", "13/04/2025")]).count == 1)
    }

    @Test("a single child with a misspelt or short given name still links; a sibling does not")
    func singleChild() {
        let model = Self.model()
        let linker = BatchLinker(model: model, threshold: 0.95)
        let left = [Self.record("L1", "Felix", "Lathcliffe", "2022-09-26", sex: "M"), Self.record("L2", "Elizabeth", "Lathcliffe", "2020-01-13")]
        #expect(linker.link(left, [Self.record("R1", "Relix", "Lathcliffe", "26/09/2022", sex: "Male")]).map { left[$0.left].id } == ["L1"])
        #expect(linker.link(left, [Self.record("R2", "Beth", "Lathcliffe", "13/01/2020")]).map { left[$0.left].id } == ["L2"])
        #expect(linker.link(left, [Self.record("R3", "Oscar", "Lathcliffe", "02/03/2021", sex: "M")]).isEmpty)
    }

    @Test("batch files: missing columns and empty values are fine; no id column, an empty id or a repeated id is an error naming the line")
    func batchFiles() throws {
        let records = try PersonRecordCSV.read(Array("id,family_name,dob\n1,Smith,2023-01-14\n2,,\n".utf8))
        #expect(records == [PersonRecord(id: "1", familyName: "Smith", dob: "2023-01-14"), PersonRecord(id: "2")])
        #expect(throws: PersonRecordCSVError.self) { try PersonRecordCSV.read(Array("given_name\nA\n".utf8)) }
        do {
            _ = try PersonRecordCSV.read(Array("id,given_name\n1,A\n1,B\n".utf8))
            Issue.record("a repeated id was accepted")
        } catch {
            #expect(error.line == 3)
            #expect(!error.description.contains("1,"))
        }
        let pairs = PersonRecordCSV.pairs([(left: "a,1", right: "b", probability: 0.9999996), (left: "c", right: "d\"", probability: 0.5)])
        #expect(pairs == "left_id,right_id,match_probability\n\"a,1\",b,1.000000\nc,\"d\"\"\",0.500000\n")
        let read = try PersonRecordCSV.readPairs(Array(pairs.utf8))
        #expect(read.map(\.left) == ["a,1", "c"] && read.map(\.right) == ["b", "d\""] && read.map(\.probability) == [1, 0.5])
        do {
            _ = try PersonRecordCSV.readPairs(Array("left_id,right_id,match_probability\na,b,0.9\nc,d,high\n".utf8))
            Issue.record("a probability that is not a number was accepted")
        } catch {
            #expect(error.line == 3)
        }
        // A value that does not parse is compared as text, never dropped.
        let odd = LinkageRecord(PersonRecord(id: "x", dob: "19870231", postcode: "90210"))
        #expect(odd.dob == .text("19870231"))
        #expect(odd.postcode?.isUK == false)
    }

    @Test("a model file reads back as written; one with other levels is refused")
    func modelFile() throws {
        let model = Self.model()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("eyhub-model-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.write(to: url)
        let read = try LinkageModel.load(from: url)
        #expect(read.prior == model.prior)
        #expect(read.fields.map { $0.levels.map(\.m) } == model.fields.map { $0.levels.map(\.m) })
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"postcode_sector\"", with: "\"sector\"")
        try Data(text.utf8).write(to: url)
        #expect(throws: LinkageModelError.self) { try LinkageModel.load(from: url) }
    }
}
