import EarlyYearsSchema
import Testing

@Suite("Data-quality findings on the subject")
struct SubjectChecksTests {
    let today = "2026-05-02"

    func rules(_ subject: Subject) -> [String] {
        SubjectChecks.findings(for: subject, today: today).map(\.rule)
    }

    @Test("a clean subject has no findings")
    func clean() {
        let subject = Subject(
            nhsNumber: .init(NHSNumber("9434765919")), upn: .init(UniquePupilNumber("A950000178301")),
            givenNames: ["Siân"], familyName: "Davies", birthDate: "2024-01-30", postcode: "LS1 4AP")
        #expect(rules(subject) == [])
    }

    @Test("an invalid NHS number or UPN is a finding, and the record is kept")
    func invalidIdentifiers() {
        let subject = Subject(nhsNumber: .init(NHSNumber("9219068409")), upn: .init(UniquePupilNumber("A123456789123")))
        #expect(rules(subject) == ["nhs-number.modulus-11", "upn.check-letter"])
    }

    @Test("no identifier at all, and not both a family name and a birth date")
    func unidentifiable() {
        #expect(rules(Subject(givenNames: ["Aoife"], familyName: "O'Brien")) == ["subject.no-identifier"])
        #expect(rules(Subject(familyName: "O'Brien", birthDate: "2024-03-01")) == [])
    }

    @Test("placeholder given names are noticed", arguments: [["Baby"], ["BABY"], ["Baby", "Boy"], ["Baby of Jane"], ["Baby", "of"], ["Infant", "Of"], ["Infant"], ["Unnamed"], []])
    func placeholders(_ given: [String]) {
        let subject = Subject(givenNames: given, familyName: "Smith", birthDate: "2026-04-30")
        #expect(rules(subject) == ["subject.placeholder-name"])
    }

    @Test("real names that merely start like a placeholder are not", arguments: [["Babette"], ["Aoife"], ["Mary-Kate"], ["Infanta"]])
    func notPlaceholders(_ given: [String]) {
        #expect(rules(Subject(givenNames: given, familyName: "Smith", birthDate: "2026-04-30")) == [])
    }

    @Test("birth dates in the future, implausibly old or malformed")
    func birthDates() {
        #expect(rules(Subject(familyName: "Smith", birthDate: "2026-05-03")) == ["birth-date.in-future"])
        #expect(rules(Subject(familyName: "Smith", birthDate: "1965-07-14")) == ["birth-date.implausible"])
        #expect(rules(Subject(familyName: "Smith", birthDate: "2001-05-02")) == [], "exactly 25 years is still plausible")
        #expect(rules(Subject(familyName: "Smith", birthDate: "30/01/2024")).contains("date.format"))
        #expect(rules(Subject(familyName: "Smith", birthDate: "2024-02-30")).contains("date.format"))
    }

    @Test("postcodes of the usual shapes pass; others are findings", arguments: ["LS1 4AP", "M1 1AE", "CR2 6XH", "DN55 1PT", "W1A 1HQ", "EC1A 1BB", "ls14ap"])
    func goodPostcodes(_ postcode: String) {
        #expect(rules(Subject(familyName: "Smith", birthDate: "2024-01-30", postcode: postcode)) == [])
    }

    @Test("malformed postcodes are findings", arguments: ["LS1", "1LS 4AP", "LS1 AAP", "LS1 4A1", "L$1 4AP", "ABCDE FGH"])
    func badPostcodes(_ postcode: String) {
        #expect(rules(Subject(familyName: "Smith", birthDate: "2024-01-30", postcode: postcode)) == ["postcode.format"])
    }

    @Test("findings never quote the value they are about")
    func redacted() {
        let subject = Subject(nhsNumber: .init(NHSNumber("9219068409")), givenNames: ["Baby"], familyName: "Smith",
                              birthDate: "1965-07-14", postcode: "L$1 4AP")
        for finding in SubjectChecks.findings(for: subject, today: today) {
            for secret in ["9219068409", "Smith", "1965", "L$1"] { #expect(!finding.message.contains(secret)) }
        }
    }
}
