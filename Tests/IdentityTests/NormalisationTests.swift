import Foundation
import Testing
@testable import Identity

/// Tests of the field normalisation (names, postcodes, dates of birth) and string-similarity
/// primitives that the Fellegi–Sunter comparisons are built on.
/// Pins the public API's exact shapes, which other parts of the Identity module are written
/// against: this fails to compile if a name or signature drifts.
@Suite("Normalisation API shape")
struct NormalisationAPIShapeTests {
    @Test("Public signatures")
    func signatures() throws {
        let normalise: (String) -> String = NameNormalisation.normalise
        let tokens: (String) -> [String] = NameNormalisation.tokens
        let isPlaceholder: (String) -> Bool = NameNormalisation.isPlaceholderGivenName
        let postcode: (String) -> NormalisedPostcode? = NormalisedPostcode.init
        let dateOfBirth: (String) -> DateOfBirthValue? = DateOfBirthValue.init
        let daysBetween: (DateOfBirthValue, DateOfBirthValue) -> Int? = DateOfBirthValue.daysBetween
        let jaro: (String, String) -> Double = StringSimilarity.jaro
        let jaroWinkler: (String, String) -> Double = StringSimilarity.jaroWinkler
        let editDistance: (String, String) -> Int = StringSimilarity.editDistance
        #expect(normalise("Mr A") == "a" && tokens("a b") == ["a", "b"] && isPlaceholder("baby"))
        let parsed = try #require(postcode("LS1 4AP"))
        let parts: (String, Bool, String?, String?, String?, String?) =
            (parsed.full, parsed.isUK, parsed.outward, parsed.sector, parsed.area, parsed.district)
        #expect(parts == ("LS14AP", true, "LS1", "LS1 4", "LS", "LS1"))
        let date = try #require(dateOfBirth("2023-01-04"))
        let iso: String = date.iso
        let swapped: DateOfBirthValue? = date.swapped
        #expect(iso == "2023-01-04" && swapped == .date(year: 2023, month: 4, day: 1))
        #expect(daysBetween(date, .date(year: 2023, month: 1, day: 5)) == 1)
        #expect(jaro("a", "a") == 1 && jaroWinkler("a", "a") == 1 && editDistance("a", "b") == 1)
    }

    @Test("Value types are Sendable, Hashable and Codable")
    func conformances() {
        func check<T: Sendable & Hashable & Codable>(_: T.Type) -> Bool { true }
        #expect(check(NormalisedPostcode.self))
        #expect(check(DateOfBirthValue.self))
    }
}

@Suite("Name normalisation")
struct NameNormalisationTests {
    @Test("NHS rules: titles, punctuation, case, diacritics", arguments: [
        ("Dr. Mary-Jane O'Brien", "mary jane obrien"),
        ("Siân", "sian"),
        ("Zoë", "zoe"),
        ("O'Brien", "obrien"),
        ("O\u{2019}Brien", "obrien"),           // typographic apostrophe
        ("O\u{00B4}Brien", "obrien"),           // spacing acute used as an apostrophe
        ("O\u{02BC}Brien", "obrien"),           // modifier letter apostrophe
        ("Jose\u{0301}", "jose"),               // decomposed accent
        ("JOSÉ", "jose"),
        ("Chloë-Anne", "chloe anne"),
        ("Strauß", "strauss"),
        ("Ørsted", "orsted"),
        ("Łukasz", "lukasz"),
        ("Ægir", "aegir"),
        ("İlker", "ilker"),
        ("Nguyễn", "nguyen"),
        ("Ｍａｒｙ", "mary"),                      // fullwidth letters
        ("MR. JOHN SMITH", "john smith"),
        ("Mrs Smith", "smith"),
        ("Miss   Amelia", "amelia"),
        ("Master Oliver", "oliver"),
        ("Mx Sam", "sam"),
        ("Rev. Dr. Jones", "jones"),
        ("Sir Lord Lady Ann", "ann"),
        ("Drew", "drew"),                       // a title only as a whole token
        ("Mrsmith", "mrsmith"),
        ("  mary \t jane\n", "mary jane"),
        ("Mary--Jane", "mary jane"),
        ("-Mary-", "mary"),
        ("Mary.Jane", "mary jane"),
        ("Mary\u{2013}Jane", "mary jane"),      // en dash
        ("Mary\u{00A0}Jane", "mary jane"),      // no-break space
        ("Smith-Jones", "smith jones"),
        ("N/K", "nk"),
        ("N.K.", "n k"),
        ("Twin 1", "twin"),
        ("Smith,John", "smithjohn"),
        ("Мария", "мария"),                     // non-Latin letters are kept
    ])
    func normalises(raw: String, expected: String) {
        #expect(NameNormalisation.normalise(raw) == expected)
    }

    @Test("Nothing left gives the empty string", arguments: ["", "   ", "...", "- . -", "123", "'''", "\u{0301}"])
    func empty(raw: String) {
        #expect(NameNormalisation.normalise(raw) == "")
    }

    @Test("Surnames that are also titles survive when they are the whole name or not leading", arguments: [
        ("Lord", "lord"),
        ("LORD", "lord"),
        ("Master", "master"),
        ("Mary Lord", "mary lord"),
        ("Mr", "mr"),
        ("Mr Lord", "mr lord"),
        ("Mrs Lord Smith", "smith"),
    ])
    func titleOnlyNamesAreKept(raw: String, expected: String) {
        #expect(NameNormalisation.normalise(raw) == expected)
    }

    @Test("Normalising twice changes nothing", arguments: [
        "Dr. Mary-Jane O'Brien", "Siân", "Mr Lord", "Rev. Dr. Jones", "N.K.", "  BABY   of  Smith ", "Strauß", "Мария",
    ])
    func idempotent(raw: String) {
        let once = NameNormalisation.normalise(raw)
        #expect(NameNormalisation.normalise(once) == once)
    }

    @Test("The ASCII fast path and the Unicode path agree on ASCII input")
    func asciiAndUnicodePathsAgree() {
        let samples = [
            "Dr. Mary-Jane O'Brien", "  a  b ", "MR. JOHN SMITH", "x.y-z", "Mary\t\nJane", "123 abc 456", "-.-", "",
            "O'Neil-Smythe", "ab\u{0B}cd\u{0C}ef",
        ]
        for sample in samples {
            #expect(NameNormalisation.cleanedBytesUnicode(sample) == NameNormalisation.cleanedBytes(sample), "\(sample)")
        }
    }

    @Test("The Latin folding table agrees with the Unicode path in context")
    func latinTableAgrees() {
        for value in NameNormalisation.latinFoldRange {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for sample in ["\(scalar)", "ab\(scalar)cd", "\(scalar) x", "x-\(scalar)-y", "\(scalar)\u{0301}n", "O\u{2019}\(scalar)"] {
                #expect(NameNormalisation.cleanedBytes(sample) == NameNormalisation.cleanedBytesUnicode(sample), "\(sample)")
            }
        }
    }

    @Test("Output has single spaces and no leading or trailing space")
    func collapsedWhitespace() {
        for raw in ["  a  b  ", "a - - b", "\t\ta.\n.b\r", "Siân  ·  Zoë", " \u{2003}x\u{2003} "] {
            let result = NameNormalisation.normalise(raw)
            #expect(!result.hasPrefix(" ") && !result.hasSuffix(" ") && !result.contains("  "), "\(raw) -> \(result)")
        }
    }

    @Test("Tokens", arguments: [
        ("mary jane", ["mary", "jane"]),
        ("mary", ["mary"]),
        ("", []),
        ("  a  b ", ["a", "b"]),
    ])
    func tokens(normalised: String, expected: [String]) {
        #expect(NameNormalisation.tokens(normalised) == expected)
    }

    @Test("Newborn placeholders", arguments: [
        "", "baby", "infant", "unnamed", "unknown", "not known", "nk", "baby boy", "baby girl", "baby of",
        "baby of smith", "baby of mary jane smith", "infant of jones", "twin", "twin 1", "twin 2", "twin one", "twin two",
        "baby 1", "baby 2", "baby a", "baby b", "twin a", "baby boy of smith", "baby twin 2", "triplet", "n k", "master",
        "miss", "mr",
    ])
    func placeholders(normalised: String) {
        #expect(NameNormalisation.isPlaceholderGivenName(normalised))
    }

    @Test("Raw placeholders are still placeholders after normalisation", arguments: [
        "  BABY   of  Smith ", "Baby Boy", "BABY-GIRL", "Twin 1", "Twin One", "N.K.", "N/K", "Not Known", "Unknown",
        "Baby of: Jones", "Master", "",
    ])
    func rawPlaceholders(raw: String) {
        #expect(NameNormalisation.isPlaceholderGivenName(NameNormalisation.normalise(raw)))
    }

    @Test("Real names are not placeholders", arguments: [
        "mary", "babyface", "baby amelia", "twin peaks", "ofelia", "twinkle", "nkosi", "infanta", "unknownson",
        "amelia baby", "of", "nk smith", "bab", "mary of",
    ])
    func realNames(normalised: String) {
        #expect(!NameNormalisation.isPlaceholderGivenName(normalised))
    }
}

@Suite("Postcode normalisation")
struct PostcodeNormalisationTests {
    /// One expected parse of a UK postcode.
    struct UKCase: Sendable, CustomTestStringConvertible {
        let raw: String
        let full: String
        let outward: String
        let sector: String
        let area: String
        var testDescription: String { raw }
    }

    @Test("UK postcodes in every format", arguments: [
        UKCase(raw: "ls1 4ap", full: "LS14AP", outward: "LS1", sector: "LS1 4", area: "LS"),
        UKCase(raw: "EC1A 1BB", full: "EC1A1BB", outward: "EC1A", sector: "EC1A 1", area: "EC"),
        UKCase(raw: "SW1A2AA", full: "SW1A2AA", outward: "SW1A", sector: "SW1A 2", area: "SW"),
        UKCase(raw: "M1 1AE", full: "M11AE", outward: "M1", sector: "M1 1", area: "M"),
        UKCase(raw: "B33 8TH", full: "B338TH", outward: "B33", sector: "B33 8", area: "B"),
        UKCase(raw: "W1A 0AX", full: "W1A0AX", outward: "W1A", sector: "W1A 0", area: "W"),
        UKCase(raw: "CR2 6XH", full: "CR26XH", outward: "CR2", sector: "CR2 6", area: "CR"),
        UKCase(raw: "DN55 1PT", full: "DN551PT", outward: "DN55", sector: "DN55 1", area: "DN"),
        UKCase(raw: "GIR 0AA", full: "GIR0AA", outward: "GIR", sector: "GIR 0", area: "GIR"),
        UKCase(raw: "  l s 1  4 a p\t", full: "LS14AP", outward: "LS1", sector: "LS1 4", area: "LS"),
        UKCase(raw: "LS1-4AP", full: "LS14AP", outward: "LS1", sector: "LS1 4", area: "LS"),
        UKCase(raw: "ls1 4ap.", full: "LS14AP", outward: "LS1", sector: "LS1 4", area: "LS"),
        UKCase(raw: "LS1\u{00A0}4AP", full: "LS14AP", outward: "LS1", sector: "LS1 4", area: "LS"),
    ])
    func ukPostcode(_ expected: UKCase) throws {
        let postcode = try #require(NormalisedPostcode(expected.raw))
        #expect(postcode.isUK)
        #expect(postcode.full == expected.full)
        #expect(postcode.outward == expected.outward)
        #expect(postcode.district == expected.outward)
        #expect(postcode.sector == expected.sector)
        #expect(postcode.area == expected.area)
    }

    @Test("Values that are not UK postcodes keep their text and have no parts", arguments: [
        ("90210", "90210"),
        ("D02 X285", "D02X285"),
        ("not known", "NOTKNOWN"),
        ("LS1 4A", "LS14A"),
        ("LS14APX", "LS14APX"),
        ("1S1 4AP", "1S14AP"),
        ("LSS1 4AP", "LSS14AP"),
        ("LS 4AP", "LS4AP"),
        ("LS1 AAP", "LS1AAP"),
        ("LS1 4A1", "LS14A1"),
        ("LS123 4AP", "LS1234AP"),
        ("L1AB 4AP", "L1AB4AP"),
        ("LS1 4ÄP", "LS14ÄP"),
        ("Flat 1, LS1 4AP", "FLAT1,LS14AP"),
        ("GIR 0AB", "GIR0AB"),
    ])
    func notUK(raw: String, full: String) throws {
        let postcode = try #require(NormalisedPostcode(raw))
        #expect(!postcode.isUK)
        #expect(postcode.full == full)
        #expect(postcode.outward == nil)
        #expect(postcode.district == nil)
        #expect(postcode.sector == nil)
        #expect(postcode.area == nil)
    }

    @Test("No letters or digits gives nil", arguments: ["", "   ", "--", " . / ", "\u{00A0}"])
    func nothing(raw: String) {
        #expect(NormalisedPostcode(raw) == nil)
    }

    @Test("Spellings of one postcode are equal and hash alike")
    func equality() throws {
        let a = try #require(NormalisedPostcode("ls1 4ap"))
        let b = try #require(NormalisedPostcode("LS14AP"))
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
        #expect(try #require(NormalisedPostcode("LS1 4AQ")) != a)
    }

    @Test("Codable round trip")
    func codable() throws {
        for raw in ["EC1A 1BB", "D02 X285"] {
            let postcode = try #require(NormalisedPostcode(raw))
            let decoded = try JSONDecoder().decode(NormalisedPostcode.self, from: JSONEncoder().encode(postcode))
            #expect(decoded == postcode)
        }
    }
}

@Suite("Date of birth normalisation")
struct DateOfBirthNormalisationTests {
    @Test("Every accepted format reads 14 January 2023", arguments: [
        "2023-01-14", "14/01/2023", "20230114", "14-01-2023", "14.01.2023", "14/1/2023", "2023-01-14T10:22:00Z",
        "2023-01-14T00:00:00.000+01:00", "2023-01-14 00:00:00", "14/01/2023 09:30", "  2023-01-14\n",
    ])
    func formats(raw: String) {
        #expect(DateOfBirthValue(raw) == .date(year: 2023, month: 1, day: 14))
    }

    @Test("Day first with one-digit day and month")
    func shortDayMonth() {
        #expect(DateOfBirthValue("4/1/2023") == .date(year: 2023, month: 1, day: 4))
        #expect(DateOfBirthValue("4-1-2023") == .date(year: 2023, month: 1, day: 4))
        #expect(DateOfBirthValue("04/1/2023") == .date(year: 2023, month: 1, day: 4))
    }

    @Test("Calendar validation: real dates read as dates, others as text", arguments: [
        ("2024-02-29", "2024-02-29"), ("2000-02-29", "2000-02-29"), ("29/02/2024", "2024-02-29"), ("2023-02-29", nil),
        ("1900-02-29", nil), ("2100-02-29", nil), ("2023-04-30", "2023-04-30"), ("2023-04-31", nil),
        ("2023-12-31", "2023-12-31"), ("2023-13-01", nil), ("2023-00-10", nil), ("2023-01-00", nil),
        ("1900-01-01", "1900-01-01"), ("2100-12-31", "2100-12-31"), ("1899-12-31", nil), ("2101-01-01", nil),
        ("20240229", "2024-02-29"), ("20230229", nil),
    ] as [(String, String?)])
    func calendar(raw: String, expectedISO: String?) throws {
        let value = try #require(DateOfBirthValue(raw))
        if let expectedISO {
            guard case .date = value else {
                Issue.record("\(raw) should be a date, got \(value)")
                return
            }
            #expect(value.iso == expectedISO)
        } else {
            #expect(value == .text(raw))
        }
    }

    @Test("Values that are not dates are kept as trimmed text", arguments: [
        ("19870231", "19870231"), ("31/02/2020", "31/02/2020"), ("soon", "soon"), ("  soon  ", "soon"),
        ("2023-1-14", "2023-1-14"), ("14/01/23", "14/01/23"), ("2023/01/14", "2023/01/14"), ("14/01-2023", "14/01-2023"),
        ("00/01/2023", "00/01/2023"), ("2023-01-14 soon", "2023-01-14 soon"), ("14/01/20231", "14/01/20231"),
        ("202301140", "202301140"), ("123/01/2023", "123/01/2023"), ("2023-01-14x", "2023-01-14x"),
        ("2023-02-29T00:00:00", "2023-02-29T00:00:00"),
    ])
    func text(raw: String, expected: String) {
        #expect(DateOfBirthValue(raw) == .text(expected))
    }

    @Test("Empty input gives nil", arguments: ["", " ", "\t\n", "\u{00A0}"])
    func empty(raw: String) {
        #expect(DateOfBirthValue(raw) == nil)
    }

    @Test("ISO spelling")
    func iso() {
        #expect(DateOfBirthValue.date(year: 2023, month: 1, day: 4).iso == "2023-01-04")
        #expect(DateOfBirthValue.date(year: 1987, month: 12, day: 31).iso == "1987-12-31")
        #expect(DateOfBirthValue("4/1/2023")?.iso == "2023-01-04")
        #expect(DateOfBirthValue("19870231")?.iso == "19870231")
        #expect(DateOfBirthValue.text("soon").iso == "soon")
    }

    @Test("Day and month swapped")
    func swapped() {
        #expect(DateOfBirthValue.date(year: 2023, month: 1, day: 4).swapped == .date(year: 2023, month: 4, day: 1))
        #expect(DateOfBirthValue.date(year: 2023, month: 12, day: 1).swapped == .date(year: 2023, month: 1, day: 12))
        #expect(DateOfBirthValue.date(year: 2023, month: 1, day: 12).swapped == .date(year: 2023, month: 12, day: 1))
        #expect(DateOfBirthValue.date(year: 2023, month: 1, day: 14).swapped == nil)
        #expect(DateOfBirthValue.date(year: 2023, month: 3, day: 3).swapped == nil)
        #expect(DateOfBirthValue.text("19870231").swapped == nil)
        #expect(DateOfBirthValue("04/01/2023")?.swapped == DateOfBirthValue("01/04/2023"))
    }

    @Test("Days between dates")
    func daysBetween() {
        let d = DateOfBirthValue.date
        #expect(DateOfBirthValue.daysBetween(d(2022, 12, 31), d(2023, 1, 1)) == 1)
        #expect(DateOfBirthValue.daysBetween(d(2023, 1, 1), d(2022, 12, 31)) == 1)
        #expect(DateOfBirthValue.daysBetween(d(2024, 2, 28), d(2024, 3, 1)) == 2)  // leap day between
        #expect(DateOfBirthValue.daysBetween(d(2023, 2, 28), d(2023, 3, 1)) == 1)
        #expect(DateOfBirthValue.daysBetween(d(2024, 2, 29), d(2025, 2, 28)) == 365)
        #expect(DateOfBirthValue.daysBetween(d(2024, 1, 1), d(2025, 1, 1)) == 366)
        #expect(DateOfBirthValue.daysBetween(d(2023, 1, 14), d(2023, 1, 14)) == 0)
        #expect(DateOfBirthValue.daysBetween(d(1987, 2, 13), d(2023, 1, 14)) == 13_119)
        #expect(DateOfBirthValue.daysBetween(d(1900, 1, 1), d(2100, 12, 31)) == 73_413)
        #expect(DateOfBirthValue.daysBetween(d(2023, 1, 14), .text("soon")) == nil)
        #expect(DateOfBirthValue.daysBetween(.text("soon"), .text("soon")) == nil)
    }

    @Test("Day numbers agree with Foundation's Gregorian calendar")
    func dayNumbersMatchFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for (year, month, day) in [(1900, 1, 1), (1970, 1, 1), (2000, 2, 29), (2023, 1, 14), (2100, 12, 31)] {
            let date = try #require(calendar.date(from: DateComponents(year: year, month: month, day: day)))
            let expected = Int((date.timeIntervalSince1970 / 86_400).rounded())
            #expect(DateOfBirthParsing.dayNumber(year: year, month: month, day: day) == expected)
        }
    }

    @Test("Codable round trip")
    func codable() throws {
        for value in [DateOfBirthValue.date(year: 2023, month: 1, day: 14), .text("19870231")] {
            let decoded = try JSONDecoder().decode(DateOfBirthValue.self, from: JSONEncoder().encode(value))
            #expect(decoded == value)
        }
    }
}

@Suite("String similarity")
struct StringSimilarityTests {
    static let tolerance = 1e-4

    @Test("Jaro–Winkler known values", arguments: [
        ("MARTHA", "MARHTA", 0.9611),
        ("DIXON", "DICKSONX", 0.8133),
        ("DWAYNE", "DUANE", 0.84),
        ("JONES", "JOHNSON", 0.8324),
        ("ABC", "ABC", 1.0),
        ("", "", 1.0),
        ("", "A", 0.0),
        ("ABC", "XYZ", 0.0),
    ])
    func jaroWinkler(a: String, b: String, expected: Double) {
        #expect(abs(StringSimilarity.jaroWinkler(a, b) - expected) < Self.tolerance)
        #expect(abs(StringSimilarity.jaroWinkler(b, a) - expected) < Self.tolerance)
    }

    @Test("Jaro known values", arguments: [
        ("MARTHA", "MARHTA", 0.9444),
        ("DIXON", "DICKSONX", 0.7667),
        ("DWAYNE", "DUANE", 0.8222),
        ("CRATE", "TRACE", 0.7333),
        ("A", "A", 1.0),
        ("A", "B", 0.0),
        ("", "", 1.0),
        ("ABC", "", 0.0),
        ("", "ABC", 0.0),
    ])
    func jaro(a: String, b: String, expected: Double) {
        #expect(abs(StringSimilarity.jaro(a, b) - expected) < Self.tolerance)
        #expect(abs(StringSimilarity.jaro(b, a) - expected) < Self.tolerance)
    }

    @Test("The Winkler boost applies even when Jaro is low")
    func boostBelowThreshold() {
        // jaro("ab", "ac") = 2/3; the shared "a" lifts it by 0.1 * (1 - 2/3).
        let jaro = StringSimilarity.jaro("ab", "ac")
        #expect(abs(jaro - 2.0 / 3.0) < 1e-12)
        #expect(abs(StringSimilarity.jaroWinkler("ab", "ac") - (jaro + 0.1 * (1 - jaro))) < 1e-12)
        // The prefix counts at most four characters.
        let long = StringSimilarity.jaro("abcdefx", "abcdefy")
        #expect(abs(StringSimilarity.jaroWinkler("abcdefx", "abcdefy") - (long + 0.4 * (1 - long))) < 1e-12)
    }

    @Test("Edit distance known values", arguments: [
        ("ca", "abc", 3),
        ("19870213", "19870231", 1),
        ("kitten", "sitting", 3),
        ("", "", 0),
        ("", "abc", 3),
        ("abc", "", 3),
        ("abc", "abc", 0),
        ("ab", "ba", 1),
        ("abcdef", "abcdfe", 1),
        ("flaw", "lawn", 2),
        ("saturday", "sunday", 3),
        ("smith", "smyth", 1),
        ("a", "b", 1),
    ])
    func editDistance(a: String, b: String, expected: Int) {
        #expect(StringSimilarity.editDistance(a, b) == expected)
        #expect(StringSimilarity.editDistance(b, a) == expected)
    }

    @Test("Non-ASCII text is compared by Unicode scalars")
    func unicodeScalars() {
        #expect(StringSimilarity.editDistance("siân", "sian") == 1)
        #expect(StringSimilarity.editDistance("Zoë", "Zoë") == 0)
        // "ë" precomposed against "e" + combining diaeresis: one substitution, one insertion.
        #expect(StringSimilarity.editDistance("Zo\u{00EB}", "Zoe\u{0308}") == 2)
        #expect(abs(StringSimilarity.jaro("Zoë", "Zoe") - 7.0 / 9.0) < 1e-12)
        #expect(StringSimilarity.jaro("мария", "мария") == 1)
        #expect(StringSimilarity.editDistance("мария", "марья") == 1)
        // One non-ASCII string and one ASCII string take the scalar path for both.
        #expect(StringSimilarity.editDistance("éa", "ea") == 1)
    }

    @Test("Strings longer than any stack buffer")
    func longStrings() {
        let base = String(repeating: "abcdefghij", count: 200)
        #expect(StringSimilarity.editDistance(base, base + "k") == 1)
        #expect(StringSimilarity.editDistance("x" + base, base + "y") == 2)
        #expect(StringSimilarity.jaro(base, base) == 1)
        #expect(StringSimilarity.jaroWinkler(base, String(base.dropLast()) + "z") > 0.99)
    }

    @Test("Optimised measures agree with textbook implementations on random strings")
    func randomAgreement() {
        var random = SeededGenerator(seed: 0x5EED)
        let ascii: [Character] = ["a", "b", "c", "d"]
        let greek: [Character] = ["α", "β", "γ", "δ"]
        for _ in 0..<3_000 {
            let codesA = (0..<Int(random.next() % 9)).map { _ in Int(random.next() % 4) }
            let codesB = (0..<Int(random.next() % 9)).map { _ in Int(random.next() % 4) }
            let a = String(codesA.map { ascii[$0] })
            let b = String(codesB.map { ascii[$0] })
            let expectedDistance = StringSimilarityReference.osaDistance(Array(a.unicodeScalars), Array(b.unicodeScalars))
            let expectedJaro = StringSimilarityReference.jaro(Array(a.unicodeScalars), Array(b.unicodeScalars))
            #expect(StringSimilarity.editDistance(a, b) == expectedDistance, "\(a) \(b)")
            #expect(abs(StringSimilarity.jaro(a, b) - expectedJaro) < 1e-12, "\(a) \(b)")
            // The same strings in another alphabet take the Unicode path and must agree.
            let greekA = String(codesA.map { greek[$0] })
            let greekB = String(codesB.map { greek[$0] })
            #expect(StringSimilarity.editDistance(greekA, greekB) == expectedDistance, "\(greekA) \(greekB)")
            #expect(StringSimilarity.jaro(greekA, greekB) == StringSimilarity.jaro(a, b), "\(greekA) \(greekB)")
            #expect(StringSimilarity.jaroWinkler(greekA, greekB) == StringSimilarity.jaroWinkler(a, b))
        }
    }

    @Test("Edit distance agrees with the textbook programme around the 64-character word size")
    func randomLongAgreement() {
        var random = SeededGenerator(seed: 64)
        let alphabet: [Character] = ["a", "b", "c", "d", "e", "f"]
        for _ in 0..<300 {
            let a = String((0..<Int(random.next() % 90)).map { _ in alphabet[Int(random.next() % 6)] })
            // Mostly near copies of `a`, so the common-affix trimming leaves long cores.
            var bCharacters = Array(a)
            for _ in 0..<Int(random.next() % 6) where !bCharacters.isEmpty {
                let position = Int(random.next() % UInt64(bCharacters.count))
                switch random.next() % 4 {
                case 0: bCharacters.remove(at: position)
                case 1: bCharacters.insert(alphabet[Int(random.next() % 6)], at: position)
                case 2: bCharacters[position] = alphabet[Int(random.next() % 6)]
                default:
                    if position + 1 < bCharacters.count { bCharacters.swapAt(position, position + 1) }
                }
            }
            if random.next() % 3 == 0 { bCharacters.reverse() }
            let b = String(bCharacters)
            let expected = StringSimilarityReference.osaDistance(Array(a.unicodeScalars), Array(b.unicodeScalars))
            #expect(StringSimilarity.editDistance(a, b) == expected, "\(a) \(b)")
            #expect(StringSimilarity.editDistance(b, a) == expected, "\(b) \(a)")
            #expect(StringSimilarity.editDistance(a + "é", b + "é") == expected, "\(a) \(b) (Unicode path)")
        }
    }

    @Test("Similarity stays in 0...1 and is symmetric")
    func bounds() {
        let names = ["", "a", "ann", "anne", "hannah", "joanna", "susannah", "nan", "anna", "annabel"]
        for a in names {
            for b in names {
                let jw = StringSimilarity.jaroWinkler(a, b)
                #expect((0...1).contains(jw))
                #expect(jw == StringSimilarity.jaroWinkler(b, a))
                #expect(StringSimilarity.jaro(a, b) <= jw)
                #expect((StringSimilarity.editDistance(a, b) == 0) == (a == b))
            }
        }
    }
}

/// Deliberately plain implementations of Jaro and OSA distance, written straight from the
/// definitions, to check the optimised kernels against.
private enum StringSimilarityReference {
    static func jaro(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        if a.isEmpty || b.isEmpty { return 0 }
        let window = max(0, max(a.count, b.count) / 2 - 1)
        var usedB = [Bool](repeating: false, count: b.count)
        var matchedA: [Unicode.Scalar] = []
        var matchedIndicesB: [Int] = []
        for (i, scalar) in a.enumerated() {
            let low = max(0, i - window)
            let high = min(b.count, i + window + 1)
            guard low < high else { continue }
            for j in low..<high where !usedB[j] && b[j] == scalar {
                usedB[j] = true
                matchedA.append(scalar)
                matchedIndicesB.append(j)
                break
            }
        }
        let m = Double(matchedA.count)
        if m == 0 { return 0 }
        let matchedB = matchedIndicesB.sorted().map { b[$0] }
        let halfTranspositions = Double(zip(matchedA, matchedB).filter { $0 != $1 }.count) / 2
        let t = halfTranspositions.rounded(.down)
        return (m / Double(a.count) + m / Double(b.count) + (m - t) / m) / 3
    }

    static func osaDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
