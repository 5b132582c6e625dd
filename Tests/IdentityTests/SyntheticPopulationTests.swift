import Testing
@testable import Identity

/// Populations shared by the tests, each generated once on first use.
enum SyntheticFixtures {
    /// The 20,000-person two-source set the linker's quality is measured on.
    static let twoSources20k = SyntheticPopulation.makeTwoSources(.init(people: 20_000, seed: 2024))
    /// A 20,000-person one-source set with duplicates.
    static let oneSource20k = SyntheticPopulation.makeOneSource(.init(people: 20_000, seed: 2024))
}

/// Helpers the tests use to read what the generator wrote.
enum SyntheticChecks {
    /// A date's parts as written in ISO `yyyy-MM-dd`, `dd/MM/yyyy` or `yyyyMMdd`, without checking
    /// that they form a real date; nil for any other shape.
    static func dateParts(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let characters = Array(text)
        func number(_ range: Range<Int>) -> Int? {
            guard range.allSatisfy({ characters[$0].isASCII && characters[$0].isNumber }) else { return nil }
            return Int(String(characters[range]))
        }
        switch characters.count {
        case 10 where characters[4] == "-" && characters[7] == "-":
            guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
            return (y, m, d)
        case 10 where characters[2] == "/" && characters[5] == "/":
            guard let d = number(0..<2), let m = number(3..<5), let y = number(6..<10) else { return nil }
            return (y, m, d)
        case 8:
            guard let y = number(0..<4), let m = number(4..<6), let d = number(6..<8) else { return nil }
            return (y, m, d)
        default:
            return nil
        }
    }

    /// The optimal-string-alignment distance (insert, delete, substitute, transpose neighbours).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var table = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { table[i][0] = i }
        for j in 0...y.count { table[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[x.count][y.count]
    }

    /// Whether a given name is a newborn placeholder ("Baby", "Baby of …", "Infant", "Unnamed", "Twin 1").
    static func isPlaceholder(_ given: String?) -> Bool {
        guard let lower = given?.lowercased() else { return false }
        return lower.hasPrefix("baby") || lower.hasPrefix("infant") || lower.hasPrefix("unnamed") || lower.hasPrefix("twin ")
    }

    /// A minimal RFC 4180 reader: rows of fields, quoted fields with doubled quotes, LF or CRLF rows.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": inQuotes = true
            case ",":
                row.append(field)
                field = ""
            case "\r": continue
            case "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    /// A record's fields in CSV column order, missing ones as "".
    static func fields(_ record: PersonRecord) -> [String] {
        [record.id, record.givenName ?? "", record.familyName ?? "", record.dob ?? "", record.sex ?? "",
         record.postcode ?? "", record.address ?? "", record.nhsNumber ?? ""]
    }

    /// The share of `corruptions` holding `kind`.
    static func rate(_ kind: SyntheticPopulation.Corruption, in corruptions: [SyntheticPopulation.Corruption]) -> Double {
        Double(corruptions.count(where: { $0.contains(kind) })) / Double(max(corruptions.count, 1))
    }

    /// The true child behind a record of a run.
    static func child(of recordId: String, in run: SyntheticPopulation.TwoSourceRun) -> SyntheticPopulation.Child {
        let personId = run.sources.truth[recordId]!
        return run.world.children[run.world.childIndex(of: personId)!]
    }
}

@Suite("Seeded generator")
struct SyntheticSeededGeneratorTests {
    @Test("xoshiro256** seeded by SplitMix64 gives the reference sequence")
    func referenceValues() {
        var zero = SeededGenerator(seed: 0)
        #expect([zero.next(), zero.next(), zero.next()] == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0])
        var fortyTwo = SeededGenerator(seed: 42)
        #expect([fortyTwo.next(), fortyTwo.next(), fortyTwo.next()] == [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1])
    }

    @Test("the same seed gives the same sequence, another seed another")
    func determinism() {
        var a = SeededGenerator(seed: 99)
        var b = SeededGenerator(seed: 99)
        var c = SeededGenerator(seed: 100)
        let first = (0..<100).map { _ in a.next() }
        #expect(first == (0..<100).map { _ in b.next() })
        #expect(first != (0..<100).map { _ in c.next() })
    }

    @Test("dice draws are in range and roughly uniform")
    func diceDraws() {
        var dice = SyntheticPopulation.Dice(seed: 3)
        var counts = Array(repeating: 0, count: 10)
        var sum = 0.0
        var inRange = true
        for _ in 0..<100_000 {
            let value = dice.below(10)
            inRange = inRange && (0..<10).contains(value)
            counts[min(max(value, 0), 9)] += 1
            sum += dice.unit()
        }
        #expect(inRange)
        #expect(counts.allSatisfy { (9_000...11_000).contains($0) })
        #expect(abs(sum / 100_000 - 0.5) < 0.01)
        var shuffled = Array(0..<50)
        dice.shuffle(&shuffled)
        #expect(shuffled.sorted() == Array(0..<50))
        #expect(shuffled != Array(0..<50))
    }
}

@Suite("Synthetic values")
struct SyntheticValueTests {
    @Test("Modulus 11 accepts valid NHS numbers and rejects others")
    func modulus11() {
        #expect(SyntheticPopulation.NHSNumber.isValid("9434765919"))
        #expect(SyntheticPopulation.NHSNumber.isValid("943 476 5919"))
        #expect(SyntheticPopulation.NHSNumber.isValid("4010232137"))
        #expect(SyntheticPopulation.NHSNumber.isValid("4000000020"))
        #expect(!SyntheticPopulation.NHSNumber.isValid("9434765918"))
        #expect(!SyntheticPopulation.NHSNumber.isValid("943476591"))
        #expect(!SyntheticPopulation.NHSNumber.isValid("94347659190"))
        #expect(!SyntheticPopulation.NHSNumber.isValid("943476591X"))
        #expect(SyntheticPopulation.NHSNumber.checkDigit(base: 123_456_789) == nil)
        #expect(SyntheticPopulation.NHSNumber.checkDigit(base: 400_000_008) == nil)
        #expect(SyntheticPopulation.NHSNumber.checkDigit(base: 400_000_002) == 0)
    }

    @Test("a mistyped NHS number always fails Modulus 11")
    func mistypedNHSNumbersFail() {
        var dice = SyntheticPopulation.Dice(seed: 8)
        var allocator = SyntheticPopulation.NHSAllocator()
        for _ in 0..<2_000 {
            let number = String(allocator.fresh(&dice))
            #expect(SyntheticPopulation.NHSNumber.isValid(number))
            #expect(!SyntheticPopulation.NHSNumber.isValid(SyntheticPopulation.NHSNumber.mistyped(number, dice: &dice)))
        }
    }

    @Test("day numbers and dates convert both ways")
    func civilDates() {
        let start = SyntheticPopulation.CivilDate(year: 2020, month: 1, day: 1)
        #expect(start.dayNumber == 18_262)
        #expect(SyntheticPopulation.CivilDate(dayNumber: 0) == SyntheticPopulation.CivilDate(year: 1970, month: 1, day: 1))
        var previous = SyntheticPopulation.CivilDate(dayNumber: start.dayNumber - 1)
        for day in start.dayNumber...(start.dayNumber + 2_200) {
            let date = SyntheticPopulation.CivilDate(dayNumber: day)
            #expect(date.dayNumber == day)
            #expect(previous < date)
            #expect(SyntheticPopulation.CivilDate.isValid(year: date.year, month: date.month, day: date.day))
            previous = date
        }
        #expect(!SyntheticPopulation.CivilDate.isValid(year: 2023, month: 2, day: 29))
        #expect(SyntheticPopulation.CivilDate.isValid(year: 2024, month: 2, day: 29))
        #expect(!SyntheticPopulation.CivilDate.isValid(year: 2024, month: 4, day: 31))
    }

    @Test("a typo is one edit away and never the same text")
    func typos() {
        var dice = SyntheticPopulation.Dice(seed: 12)
        for name in ["Olivia", "Jack", "Siân", "O'Brien", "Smith-Jones", "Zoë", "Li", "Muhammad"] {
            for _ in 0..<200 {
                let typo = SyntheticPopulation.Typos.typo(name, dice: &dice)
                #expect(typo != name)
                #expect(SyntheticChecks.editDistance(typo, name) == 1, "\(name) -> \(typo)")
            }
        }
    }

    @Test("ids and dates are written without Foundation formatters, correctly")
    func textFormatting() {
        typealias Text = SyntheticPopulation.Text
        #expect(Text.id("L", 1, width: 6) == "L000001")
        #expect(Text.id("R", 1_234_567, width: 7) == "R1234567")
        #expect(Text.idWidth(for: 999_999) == 6)
        #expect(Text.idWidth(for: 1_000_000) == 7)
        #expect(Text.date(year: 2023, month: 2, day: 31, style: .compact) == "20230231")
        #expect(Text.date(year: 2021, month: 7, day: 4, style: .iso) == "2021-07-04")
        #expect(Text.date(year: 2021, month: 7, day: 4, style: .dayMonthYear) == "04/07/2021")
        #expect(Text.droppingAccents("Siân Wiśniewska Zoë") == "Sian Wisniewska Zoe")
    }
}

@Suite("Synthetic name and place lists")
struct SyntheticListTests {
    @Test("the lists are large enough and hold the names realism needs")
    func listSizes() {
        typealias Names = SyntheticPopulation.UKNames
        let given = Set(Names.englishGirls + Names.englishBoys + Names.welshGirls + Names.welshBoys + Names.irishGirls
            + Names.irishBoys + Names.southAsianMuslimGirls + Names.southAsianMuslimBoys + Names.southAsianHinduSikhGirls
            + Names.southAsianHinduSikhBoys + Names.polishGirls + Names.polishBoys + Names.westAfricanGirls
            + Names.westAfricanBoys + Names.arabicGirls + Names.arabicBoys)
        #expect(given.count >= 300)
        for name in ["Siân", "Rhys", "Gruffydd", "Cerys", "Niamh", "Saoirse", "Oisín", "Caoimhe", "Zoë", "Muhammad", "Zofia", "Amara", "Layla"] {
            #expect(given.contains(name), "\(name)")
        }
        let real = Set(Names.britishFamilyNameList + Names.southAsianMuslimFamilyNames + Names.southAsianHinduSikhFamilyNames
            + Names.polishFamilyNames + Names.westAfricanFamilyNames + Names.arabicFamilyNames + Names.otherFamilyNames)
        #expect(real.count >= 400)
        #expect(Names.britishFamilyNameList.count == Set(Names.britishFamilyNameList).count)
        #expect(real.contains("O'Brien") && real.contains("Wiśniewski"))
        #expect(SyntheticPopulation.NameTables.shared.distinctFamilyNames.count > 3_000)
        #expect(!given.contains { SyntheticChecks.isPlaceholder($0) })
    }

    @Test("common family names are common and the tail is long")
    func familyNameSkew() {
        let table = SyntheticPopulation.NameTables.shared.familyNames
        let smith = table.share { $0.name == "Smith" }
        let jones = table.share { $0.name == "Jones" }
        let zouch = table.share { $0.name == "Zouch" }
        #expect((0.008...0.025).contains(smith))
        #expect(jones < smith && jones > 0.006)
        #expect(zouch < smith / 20)
    }

    @Test("nicknames and spelling variants exist for the names the brief names")
    func variants() {
        let variants = SyntheticPopulation.UKNames.variants
        #expect(variants("Elizabeth").contains("Lizzie") && variants("Elizabeth").contains("Beth"))
        #expect(variants("William").contains("Will") && variants("William").contains("Billy"))
        #expect(variants("Alexander").contains("Alex"))
        #expect(variants("Mohammed").contains("Muhammad") && variants("Mohammed").contains("Mohammad"))
        #expect(variants("Lily-Mae").contains("Lily"))
    }
}

@Suite("Synthetic population: two sources")
struct SyntheticTwoSourcesTests {
    let run = SyntheticFixtures.twoSources20k
    var sources: SyntheticPopulation.TwoSources { run.sources }

    @Test("the same seed gives identical output; another seed different output")
    func determinism() {
        let a = SyntheticPopulation.twoSources(.init(people: 3_000, seed: 5))
        let b = SyntheticPopulation.twoSources(.init(people: 3_000, seed: 5))
        let c = SyntheticPopulation.twoSources(.init(people: 3_000, seed: 6))
        #expect(a.left == b.left)
        #expect(a.right == b.right)
        #expect(a.truth == b.truth)
        #expect(a.twins == b.twins)
        #expect(a.left != c.left)
        #expect(a.right != c.right)
        #expect(SyntheticPopulation.csv(a.left) == SyntheticPopulation.csv(b.left))
    }

    @Test("source sizes and overlap are as specified")
    func counts() {
        let people = 20_000.0
        let leftPeople = Set(sources.left.map { sources.truth[$0.id]! })
        let rightPeople = Set(sources.right.map { sources.truth[$0.id]! })
        #expect((0.82...0.88).contains(Double(leftPeople.count) / people))
        #expect((0.72...0.78).contains(Double(rightPeople.count) / people))
        #expect((0.55...0.70).contains(Double(leftPeople.intersection(rightPeople).count) / people))
        #expect(leftPeople.union(rightPeople).count == 20_000)
        #expect(run.world.children.count == 20_000)
    }

    @Test("no source holds two records of one child; ids are unique and cover the truth")
    func oneRecordPerSource() {
        #expect(Set(sources.left.map { sources.truth[$0.id]! }).count == sources.left.count)
        #expect(Set(sources.right.map { sources.truth[$0.id]! }).count == sources.right.count)
        let ids = sources.left.map(\.id) + sources.right.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(Set(sources.truth.keys) == Set(ids))
        #expect(sources.left.allSatisfy { $0.id.hasPrefix("L") && $0.id.count == 7 })
        #expect(sources.right.allSatisfy { $0.id.hasPrefix("R") && $0.id.count == 7 })
        #expect(sources.left.first?.id == "L000001")
    }

    @Test("record ids reveal nothing of the truth")
    func idsAreShuffled() {
        let persons = sources.left.map { run.world.childIndex(of: sources.truth[$0.id]!)! }
        let adjacent = zip(persons, persons.dropFirst()).count { abs($0 - $1) == 1 }
        #expect(Double(adjacent) / Double(persons.count) < 0.01)
    }

    @Test("every NHS number not deliberately mistyped passes Modulus 11 and is the child's")
    func nhsNumbers() {
        var mistyped = 0
        for (records, corruptions) in [(sources.left, run.leftCorruptions), (sources.right, run.rightCorruptions)] {
            for (record, corruption) in zip(records, corruptions) {
                guard let number = record.nhsNumber else { continue }
                let digits = String(number.filter { $0 != " " })
                if corruption.contains(.nhsTypo) {
                    mistyped += 1
                    #expect(!SyntheticPopulation.NHSNumber.isValid(number))
                } else {
                    #expect(SyntheticPopulation.NHSNumber.isValid(number))
                    #expect(digits == SyntheticChecks.child(of: record.id, in: run).nhsNumber)
                }
            }
        }
        #expect(mistyped > 0)
        let truthNumbers = run.world.children.compactMap(\.nhsNumber)
        #expect(Set(truthNumbers).count == truthNumbers.count)
        #expect(Double(truthNumbers.count) / 20_000 > 0.97)
    }

    @Test("twins share family name, date of birth and home in the truth, with different given names")
    func twins() {
        let world = run.world
        #expect(!sources.twins.isEmpty)
        for pair in sources.twins {
            let a = world.children[world.childIndex(of: pair.a)!]
            let b = world.children[world.childIndex(of: pair.b)!]
            #expect(pair.a < pair.b)
            #expect(a.dob == b.dob)
            #expect(a.household == b.household)
            #expect(world.households[a.household].familyName == world.households[b.household].familyName)
            #expect(a.givenName != b.givenName)
        }
        let maternities = Double(Set(world.children.map { "\($0.household)/\($0.dob.dayNumber)" }).count)
        let twinBirths = Double(world.multipleBirths.count)
        #expect((0.01...0.02).contains(twinBirths / maternities))
        #expect(world.multipleBirths.contains { $0.count == 3 })
        let sameSex = world.multipleBirths.count { world.children[$0[0]].sex == world.children[$0[1]].sex }
        #expect((0.55...0.8).contains(Double(sameSex) / twinBirths))
    }

    @Test("some twins have similar names, to make linkage hard")
    func similarTwinNames() {
        let world = run.world
        let similar = world.multipleBirths.count {
            SyntheticChecks.editDistance(world.children[$0[0]].givenName, world.children[$0[1]].givenName) <= 2
        }
        #expect(Double(similar) / Double(world.multipleBirths.count) > 0.15)
    }

    @Test("siblings share family name and home but not date of birth or given name")
    func siblings() {
        let world = run.world
        var byHousehold: [Int: [SyntheticPopulation.Child]] = [:]
        for child in world.children { byHousehold[child.household, default: []].append(child) }
        var withSiblings = 0
        for children in byHousehold.values where children.count > 1 {
            withSiblings += 1
            #expect(Set(children.map(\.givenName)).count == children.count)
            let days = Set(children.map(\.dob.dayNumber)).sorted()
            for (earlier, later) in zip(days, days.dropFirst()) { #expect(later - earlier >= 300) }
        }
        #expect(Double(withSiblings) / Double(byHousehold.count) > 0.25)
    }

    @Test("the truth has realistic dates, sexes, postcodes and addresses")
    func truthValues() throws {
        let world = run.world
        let first = SyntheticPopulation.CivilDate(year: 2020, month: 1, day: 1)
        let last = SyntheticPopulation.CivilDate(year: 2025, month: 12, day: 31)
        #expect(world.children.allSatisfy { $0.dob >= first && $0.dob <= last })
        let years = Set(world.children.map(\.dob.year))
        #expect(years == [2020, 2021, 2022, 2023, 2024, 2025])
        let girls = Double(world.children.count { $0.sex == .female }) / 20_000
        let unknown = world.children.count { $0.sex == .unknown }
        #expect((0.46...0.52).contains(girls))
        #expect(unknown > 0 && unknown < 200)
        let postcode = #/^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2}$/#
        let address = #/^(Flat [0-9]+, )?[0-9]+ [A-Z][A-Za-z' ]+ [A-Z][a-z]+, [A-Z][A-Za-z -]+$/#
        for household in world.households {
            #expect(try postcode.wholeMatch(in: household.home.postcode) != nil, "\(household.home.postcode)")
            #expect(try address.wholeMatch(in: household.home.address) != nil, "\(household.home.address)")
        }
        let districts = Set(world.households.map(\.home.outward))
        #expect(districts.count > 500)
        let sharedPostcodes = Dictionary(grouping: world.households, by: \.home.postcode).values.count { $0.count > 1 }
        #expect(sharedPostcodes > 1_000)
    }

    @Test("family names have a realistic mix")
    func familyNames() {
        let households = run.world.households
        let count = Double(households.count)
        let doubleBarrelled = households.count { $0.familyName.contains("-") && !$0.familyName.hasPrefix("Al-") && !$0.familyName.hasPrefix("El-") }
        #expect((0.02...0.04).contains(Double(doubleBarrelled) / count))
        #expect(households.contains { $0.familyName.contains("'") })
        #expect(households.contains { $0.familyName.unicodeScalars.contains { $0.value > 127 } })
        let frequencies = Dictionary(grouping: households, by: \.familyName).mapValues(\.count)
        let top = frequencies.max { $0.value < $1.value }!
        #expect(top.key == "Smith" || top.key == "Jones")
        #expect(frequencies.count > 2_000)
        #expect(frequencies.values.count { $0 == 1 } > 500)
    }

    @Test("placeholders appear on the left only, in about 5% of records")
    func placeholders() {
        let left = sources.left.count { SyntheticChecks.isPlaceholder($0.givenName) }
        #expect(sources.right.allSatisfy { !SyntheticChecks.isPlaceholder($0.givenName) })
        #expect((0.035...0.065).contains(Double(left) / Double(sources.left.count)))
        #expect(left == run.leftCorruptions.count { $0.contains(.placeholder) })
        #expect(sources.left.contains { $0.givenName?.hasPrefix("Baby of ") == true })
        #expect(sources.left.contains { record in
            record.givenName.map { $0.hasPrefix("Baby ") && $0.hasSuffix(record.familyName ?? "?") } == true
        })
    }

    @Test("each source writes dates and sex its own way")
    func formats() {
        var impossible = 0
        var compact = 0
        for record in sources.left {
            guard let dob = record.dob else { continue }
            #expect(dob.count == 10 && dob.dropFirst(4).first == "-", "\(dob)")
            #expect(["F", "M", "U", nil].contains(record.sex))
        }
        for record in sources.right {
            guard let dob = record.dob else { continue }
            #expect((dob.count == 10 && dob.dropFirst(2).first == "/") || dob.count == 8, "\(dob)")
            if dob.count == 8 { compact += 1 }
            #expect(["Female", "Male", "Unknown", "f", "m", "u", nil].contains(record.sex))
        }
        for record in sources.left + sources.right {
            guard let dob = record.dob else { continue }
            let parts = SyntheticChecks.dateParts(dob)
            #expect(parts != nil, "\(dob)")
            if let parts, !SyntheticPopulation.CivilDate.isValid(year: parts.year, month: parts.month, day: parts.day) {
                impossible += 1
            } else if let parts {
                #expect((2015...2025).contains(parts.year), "\(dob)")
            }
        }
        let flagged = (run.leftCorruptions + run.rightCorruptions).count { $0.contains(.impossibleDate) }
        #expect(impossible == flagged)
        #expect(impossible > 10 && impossible < 200)
        #expect((0.1...0.2).contains(Double(compact) / Double(sources.right.count)))
        #expect(sources.right.contains { $0.givenName == $0.givenName?.uppercased() && $0.givenName?.count ?? 0 > 3 })
    }

    @Test("corruption rates are within loose bounds of those specified")
    func corruptionRates() {
        let left = run.leftCorruptions
        let right = run.rightCorruptions
        let both = left + right
        let rate = SyntheticChecks.rate
        #expect((0.030...0.050).contains(rate(.givenTypo, both)))
        #expect((0.030...0.050).contains(rate(.nickname, both)))
        #expect((0.022...0.038).contains(rate(.familyTypo, both)))
        #expect((0.006...0.014).contains(rate(.nameSwap, both)))
        #expect((0.011...0.019).contains(rate(.dayMonthSwap, both)))
        #expect((0.015...0.025).contains(rate(.dobTypo, both)))
        #expect((0.001...0.0035).contains(rate(.impossibleDate, both)))
        #expect((0.06...0.10).contains(rate(.moved, right)))
        #expect(rate(.moved, left) == 0)
        #expect((0.006...0.014).contains(rate(.postcodeTypo, both)))
        #expect((0.57...0.63).contains(rate(.nhsMissing, right)))
        #expect((0.04...0.06).contains(rate(.nhsMissing, left)))
        #expect((0.024...0.036).contains(rate(.postcodeMissing, both)))
        #expect((0.006...0.014).contains(rate(.dobMissing, both)))
        #expect((0.024...0.036).contains(rate(.sexMissing, both)))
        #expect((0.09...0.11).contains(rate(.addressMissing, both)))
        #expect((0.002...0.009).contains(rate(.nhsTypo, both)))
        #expect((0.04...0.08).contains(rate(.upperCase, right)))
        #expect(rate(.placeholder, right) == 0)
    }

    @Test("the records say what the corruption log says was done to them")
    func corruptionsMatchRecords() {
        let nameKinds: SyntheticPopulation.Corruption = [.givenTypo, .nickname, .familyTypo, .nameSwap, .placeholder,
                                                         .upperCase, .accentsDropped, .familyVariant]
        let dobKinds: SyntheticPopulation.Corruption = [.dayMonthSwap, .dobTypo, .impossibleDate, .dobMissing]
        for (records, corruptions) in [(sources.left, run.leftCorruptions), (sources.right, run.rightCorruptions)] {
            for (record, corruption) in zip(records, corruptions) {
                let child = SyntheticChecks.child(of: record.id, in: run)
                let household = run.world.households[child.household]
                if corruption.isDisjoint(with: nameKinds) {
                    #expect(record.givenName == child.givenName && record.familyName == household.familyName)
                }
                if corruption.subtracting(.givenTypo).isDisjoint(with: nameKinds) {
                    let distance = SyntheticChecks.editDistance(record.givenName!, child.givenName)
                    #expect(distance == (corruption.contains(.givenTypo) ? 1 : 0), "\(child.givenName) -> \(record.givenName!)")
                }
                if corruption.subtracting(.familyTypo).isDisjoint(with: nameKinds) {
                    let distance = SyntheticChecks.editDistance(record.familyName!, household.familyName)
                    #expect(distance == (corruption.contains(.familyTypo) ? 1 : 0))
                }
                if corruption == .nameSwap {
                    #expect(record.givenName == household.familyName && record.familyName == child.givenName)
                }
                let parts = record.dob.flatMap(SyntheticChecks.dateParts)
                if corruption.isDisjoint(with: dobKinds) {
                    #expect(parts.map { [$0.year, $0.month, $0.day] } == [child.dob.year, child.dob.month, child.dob.day])
                }
                if corruption.intersection(dobKinds) == .dayMonthSwap {
                    #expect(parts.map { [$0.year, $0.month, $0.day] } == [child.dob.year, child.dob.day, child.dob.month])
                }
                if corruption.isDisjoint(with: [.postcodeTypo, .postcodeMissing]), let postcode = record.postcode {
                    let written = String(postcode.uppercased().filter { $0 != " " })
                    let home = String(household.home.postcode.filter { $0 != " " })
                    #expect((written == home) != corruption.contains(.moved))
                }
            }
        }
    }

    @Test("households that moved moved together, sometimes within their district")
    func moves() {
        var movedRecords = 0
        var sameDistrict = 0
        for (record, corruption) in zip(sources.right, run.rightCorruptions) {
            let child = SyntheticChecks.child(of: record.id, in: run)
            #expect(corruption.contains(.moved) == run.movedHouseholds.contains(child.household))
            guard corruption.contains(.moved), !corruption.contains(.postcodeTypo), let postcode = record.postcode else { continue }
            movedRecords += 1
            let written = String(postcode.uppercased().filter { $0 != " " }.dropLast(3))
            if written == String(run.world.households[child.household].home.outward) { sameDistrict += 1 }
        }
        #expect(movedRecords > 0)
        #expect((0.2...0.6).contains(Double(sameDistrict) / Double(movedRecords)))
    }
}

@Suite("Synthetic population: one source")
struct SyntheticOneSourceTests {
    let run = SyntheticFixtures.oneSource20k

    @Test("the same seed gives identical output; another seed different output")
    func determinism() {
        let a = SyntheticPopulation.oneSource(.init(people: 2_000, seed: 9))
        let b = SyntheticPopulation.oneSource(.init(people: 2_000, seed: 9))
        let c = SyntheticPopulation.oneSource(.init(people: 2_000, seed: 10))
        #expect(a.records == b.records && a.truth == b.truth && a.twins == b.twins)
        #expect(a.records != c.records)
    }

    @Test("every child has one to three records, about 20% more than one")
    func duplicates() {
        let counts = Dictionary(grouping: run.records, by: { run.truth[$0.id]! }).mapValues(\.count)
        #expect(counts.count == 20_000)
        #expect(counts.values.allSatisfy { (1...3).contains($0) })
        let duplicated = Double(counts.values.count { $0 > 1 }) / 20_000
        #expect((0.17...0.23).contains(duplicated))
        #expect(counts.values.contains(3))
        let ids = run.records.map(\.id)
        #expect(Set(ids).count == ids.count && Set(run.truth.keys) == Set(ids))
        #expect(ids.allSatisfy { $0.hasPrefix("S") })
        #expect(run.twins == run.world.twinPairs && !run.twins.isEmpty)
    }

    @Test("NHS numbers pass Modulus 11 unless deliberately mistyped")
    func nhsNumbers() {
        for (record, corruption) in zip(run.records, run.corruptions) {
            guard let number = record.nhsNumber else { continue }
            #expect(SyntheticPopulation.NHSNumber.isValid(number) != corruption.contains(.nhsTypo))
        }
    }
}

@Suite("Synthetic population: CSV")
struct SyntheticCSVTests {
    static let header = "id,given_name,family_name,dob,sex,postcode,address,nhs_number"

    @Test("the CSV has the exact header and round-trips through an RFC 4180 reader")
    func roundTrip() {
        let sources = SyntheticPopulation.twoSources(.init(people: 4_000, seed: 77))
        for records in [sources.left, sources.right] {
            let text = SyntheticPopulation.csv(records)
            #expect(text.hasPrefix(Self.header + "\n"))
            let rows = SyntheticChecks.parseCSV(text)
            #expect(rows.first?.joined(separator: ",") == Self.header)
            #expect(rows.count == records.count + 1)
            #expect(Array(rows.dropFirst()) == records.map(SyntheticChecks.fields))
        }
        #expect(sources.right.contains { $0.address?.contains("\n") == true })
    }

    @Test("fields are quoted only when they must be, with quotes doubled")
    func quoting() {
        let records = [
            PersonRecord(id: "X1", givenName: "Elizabeth \"Beth\"", familyName: "O'Brien", dob: "2021-03-04", sex: "F",
                         postcode: "LS6 2AP", address: "12 Acacia Avenue, Leeds", nhsNumber: "9434765919"),
            PersonRecord(id: "X2", givenName: "Zoë", familyName: nil, address: "Flat 1\r\n2 Mill Lane"),
            PersonRecord(id: "X3", givenName: ""),
        ]
        let text = SyntheticPopulation.csv(records)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == Self.header)
        #expect(lines[1] == "X1,\"Elizabeth \"\"Beth\"\"\",O'Brien,2021-03-04,F,LS6 2AP,\"12 Acacia Avenue, Leeds\",9434765919")
        #expect(text.hasSuffix("X3,,,,,,,\n"))
        let rows = SyntheticChecks.parseCSV(text)
        #expect(rows.count == 4)
        #expect(rows[2] == ["X2", "Zoë", "", "", "", "", "Flat 1\r\n2 Mill Lane", ""])
        #expect(SyntheticPopulation.csv([]) == Self.header + "\n")
    }
}

@Suite("Synthetic population: size")
struct SyntheticScaleTests {
    @Test("small and empty populations work")
    func smallPopulations() {
        #expect(SyntheticPopulation.twoSources(.init(people: 0)).truth.isEmpty)
        let one = SyntheticPopulation.twoSources(.init(people: 1))
        #expect(Set(one.truth.values).count == 1)
        #expect(SyntheticPopulation.oneSource(.init(people: 1)).records.count >= 1)
    }
}
