@testable import Mapping
import Testing

@Suite("Mapping transforms")
struct TransformTests {
    @Test("ASCII names split as bytes exactly as split by characters")
    func nameSplittingByBytes() {
        let pieces = [" ", "  ", "\t", "\r\n", "Aoife", "O'Brien", "van", "de", "Le", "ap", "Smith-Jones", "x", "-", "ST"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let name = (0..<Int.random(in: 0...7, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let fast = NameSplitting.split(name)
            let slow = NameSplitting.splitByCharacters(name)
            #expect(fast.givenNames == slow.givenNames && fast.familyName == slow.familyName, "\(name.debugDescription)")
        }
    }

    @Test("dates in several formats become yyyy-MM-dd", arguments: [
        ("30/01/2024", "2024-01-30"), ("5/3/2024", "2024-03-05"), ("05/03/2024", "2024-03-05"),
        ("20240130", "2024-01-30"), ("2024-01-30", "2024-01-30"), (" 30/01/2024 ", "2024-01-30"),
    ])
    func dates(_ input: String, _ expected: String) throws {
        let transform = try DateTransform(formats: ["d/M/yyyy", "yyyyMMdd", "yyyy-MM-dd"])
        #expect(try transform.date(input) == expected)
    }

    @Test("impossible or unmatched dates are errors, never a neighbouring day", arguments: ["30/02/2024", "2024-13-01", "32/01/2024", "January 5", "", "2024/01/30"])
    func badDates(_ input: String) throws {
        let transform = try DateTransform(formats: ["d/M/yyyy", "yyyy-MM-dd"])
        let error = #expect(throws: TransformError.self) { try transform.date(input) }
        #expect(error?.rule == "date.no-format-matched")
    }

    @Test("local times convert to UTC using the source's time zone, summer time included")
    func times() throws {
        let london = try DateTransform(formats: ["dd/MM/yyyy HH:mm"], timeZone: "Europe/London")
        #expect(try london.dateTime("02/05/2026 10:15") == "2026-05-02T09:15:00Z")
        #expect(try london.dateTime("02/01/2026 10:15") == "2026-01-02T10:15:00Z")
        #expect(throws: TransformError.self) { try DateTransform(formats: ["yyyy"], timeZone: "Mars/Olympus") }
        #expect(throws: TransformError.self) { try DateTransform(formats: []) }
    }

    @Test("timestamps with their own offset keep it, however the offset is spelt", arguments: [
        ("2026-03-02T09:15:00+00:00", "2026-03-02T09:15:00Z"), ("2026-03-02T09:15:00Z", "2026-03-02T09:15:00Z"),
        ("2026-07-02T09:15:00+01:00", "2026-07-02T08:15:00Z"), ("2026-03-02T09:15:00+01:00", "2026-03-02T08:15:00Z"),
        ("2026-03-02T09:15:00-05:30", "2026-03-02T14:45:00Z"),
    ])
    func offsets(_ input: String, _ expected: String) throws {
        let transform = try DateTransform(formats: ["yyyy-MM-dd'T'HH:mm:ssXXX"], timeZone: "Europe/London")
        #expect(try transform.dateTime(input) == expected)
    }

    @Test("an offset timestamp must still be exact", arguments: ["2026-03-02T25:15:00+00:00", "2026-03-02T09:15:00+25:00", "2026-03-02T09:15:00"])
    func badOffsets(_ input: String) throws {
        let transform = try DateTransform(formats: ["yyyy-MM-dd'T'HH:mm:ssXXX"], timeZone: "Europe/London")
        #expect(throws: TransformError.self) { try transform.dateTime(input) }
    }

    @Test("text transforms")
    func text() {
        #expect(TextTransform.trim.apply("  Siân \n") == "Siân")
        #expect(TextTransform.upper.apply("ls1 4ap") == "LS1 4AP")
        #expect(TextTransform.lower.apply("ASQ_3") == "asq_3")
        #expect(TextTransform.collapseSpaces.apply("  Mary   Kate\tSmith ") == "Mary Kate Smith")
        #expect(TextTransform.digitsOnly.apply("943 476-5919") == "9434765919")
        #expect(concatenate(["12 Hill St", nil, "", "Leeds"], separator: ", ") == "12 Hill St, Leeds")
        #expect(concatenate([nil, ""], separator: ", ") == nil)
        #expect(split("Aoife; Siân ;", separator: ";") == ["Aoife", "Siân"])
    }

    @Test("lookups map codes, and each unmapped policy does what it says")
    func lookups() throws {
        let table = ["Y": "true", "N": "false"]
        #expect(try Lookup(table: table, unmapped: .error).map(" y ") == "true")
        let error = #expect(throws: TransformError.self) { try Lookup(table: table, unmapped: .error).map("maybe") }
        #expect(error?.rule == "lookup.unmapped")
        #expect(try Lookup(table: table, unmapped: .skip).map("maybe") == nil)
        #expect(try Lookup(table: table, unmapped: .default("false")).map("maybe") == "false")
        #expect(try Lookup(table: table, unmapped: .skip, caseInsensitive: false).map("y") == nil)
        #expect(Lookup(table: table, unmapped: .default("unknown")).targets == ["true", "false", "unknown"])
    }

    static let nameCases: [(String, [String], String?)] = [
        ("Aoife O'Brien", ["Aoife"], "O'Brien"),
        ("O'Brien, Aoife Siân", ["Aoife", "Siân"], "O'Brien"),
        ("Mary-Kate Smith-Jones", ["Mary-Kate"], "Smith-Jones"),
        ("Dafydd ap Gwilym", ["Dafydd"], "ap Gwilym"),
        ("Siobhán Ní Bhriain", ["Siobhán"], "Ní Bhriain"),
        ("Pieter van der Berg", ["Pieter"], "van der Berg"),
        ("Baby Smith", ["Baby"], "Smith"),
        ("  Rhys   Evans ", ["Rhys"], "Evans"),
        ("Madonna", ["Madonna"], nil),
        ("De Souza", ["De"], "Souza"),
    ]

    @Test("full names split into given and family names, across naming traditions", arguments: nameCases)
    func names(_ full: String, _ given: [String], _ family: String?) {
        let result = NameSplitting.split(full)
        #expect(result.givenNames == given)
        #expect(result.familyName == family)
    }

    @Test("arithmetic for scores")
    func arithmetic() throws {
        #expect(try Arithmetic.sum.apply(["10", "10", "5", "0", "10", "10"]) == "45")
        #expect(try Arithmetic.mean.apply(["10", "5"]) == "7.5")
        #expect(try Arithmetic.multiply.apply(["7"], factor: 2) == "14")
        #expect(try Arithmetic.max.apply(["3", "9", "4"]) == "9")
        let error = #expect(throws: TransformError.self) { try Arithmetic.sum.apply(["10", "yes"]) }
        #expect(error?.rule == "arithmetic.not-a-number")
        #expect(throws: TransformError.self) { try Arithmetic.sum.apply([]) }
    }
}
