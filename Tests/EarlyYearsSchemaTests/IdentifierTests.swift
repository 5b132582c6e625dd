import EarlyYearsSchema
import Testing

@Suite("Identifiers")
struct IdentifierTests {
    // Values from ../shared/design/DOMAIN.md.
    @Test("NHS numbers that pass Modulus 11", arguments: ["9434765919", "9912003888", "9990500002", "943 476 5919", "943-476-5919"])
    func validNHSNumbers(_ raw: String) {
        #expect(NHSNumber(raw).isValid)
    }

    @Test("NHS numbers that fail Modulus 11 or are malformed", arguments: ["9912003890", "9219068409", "", "943476591", "94347659190", "943476591X", "١٢٣٤٥٦٧٨٩٠"])
    func invalidNHSNumbers(_ raw: String) {
        #expect(!NHSNumber(raw).isValid)
    }

    @Test("a check digit of 11 means 0, and 10 is never valid")
    func checkDigitEdges() {
        // Weights 10…2 on the first nine digits.
        #expect(NHSNumber.isValid("0000000019"))  // S = 1×2 = 2, R = 2, C = 9
        #expect(NHSNumber.isValid("4000000004"))  // S = 4×10 = 40, R = 7, C = 4
        #expect(NHSNumber.isValid("0000000000"))  // S = 0, R = 0, C = 11 → 0
        for last in 0...9 {
            // S = 4×3 = 12, R = 1, C = 10: invalid whatever the last digit.
            #expect(!NHSNumber.isValid("000000040\(last)"), "check digit 10 is invalid (\(last))")
        }
    }

    @Test("only ten ASCII digits can be valid", arguments: [
        "943476591\u{0669}", "\u{FF19}434765919", "9434765919\u{301}", "94347659\u{301}9", "943476591", "94347659190", " 943476591", "943476591a",
    ])
    func nonASCIIDigits(_ candidate: String) {
        #expect(NHSNumber.isValid("9434765919"))
        #expect(!NHSNumber.isValid(candidate))
    }

    @Test("an NHS number never prints itself")
    func nhsNumberRedacted() {
        #expect(!"\(NHSNumber("9434765919"))".contains("9434765919"))
    }

    @Test("UPNs with the right check letter", arguments: ["A950000178301", "H243278544154", "B801200005001", "b801 2000 05001"])
    func validUPNs(_ raw: String) {
        #expect(UniquePupilNumber(raw).isValid)
    }

    @Test("UPNs with a wrong check letter or shape", arguments: ["A123456789123", "", "A95000017830", "A9500001783011", "I950000178301", "A95000017830O", "A9500A0178301"])
    func invalidUPNs(_ raw: String) {
        #expect(!UniquePupilNumber(raw).isValid)
    }

    @Test("A123456789123 should start with P")
    func domainExample() {
        #expect(UniquePupilNumber.isValid("P123456789123"))
    }

    @Test("a temporary UPN ends in a letter and is checked the same way")
    func temporaryUPN() throws {
        // Find the check letter for a temporary serial "01A" and confirm round-trip.
        let body = "950000178" + "01A"
        let alphabet = Array("ABCDEFGHJKLMNPQRTUVWXYZ")
        let sum = Array(body).enumerated().reduce(0) { total, item in
            let value = item.element.wholeNumberValue ?? alphabet.firstIndex(of: item.element)!
            return total + value * (item.offset + 2)
        }
        let upn = UniquePupilNumber(String(alphabet[sum % 23]) + body)
        #expect(upn.isValid)
        #expect(upn.isTemporary)
        #expect(!UniquePupilNumber("A950000178301").isTemporary)
    }
}
