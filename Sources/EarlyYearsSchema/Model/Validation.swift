/// A payload checks the rules of its schema that its Swift type cannot hold.
protocol PayloadValidating: Sendable {
    func validate(into check: inout SchemaChecker)
}

/// Collects ``SchemaViolation``s under a path prefix. Messages describe the rule, never the value.
struct SchemaChecker {
    var prefix: String
    private(set) var violations: [SchemaViolation] = []

    init(prefix: String = "") {
        self.prefix = prefix
    }

    mutating func fail(at path: String, rule: String, message: String) {
        violations.append(SchemaViolation(path: prefix.isEmpty ? path : "\(prefix).\(path)", rule: rule, message: message))
    }

    mutating func date(_ value: String?, at path: String) {
        if let value, !RFC3339.isFullDate(value) {
            fail(at: path, rule: "format_date", message: "not a calendar date in the form yyyy-MM-dd")
        }
    }

    mutating func dateTime(_ value: String?, at path: String) {
        if let value, !RFC3339.isDateTime(value) {
            fail(at: path, rule: "format_date_time", message: "not an RFC 3339 date-time with an offset")
        }
    }

    mutating func minimum<T: Comparable>(_ value: T, _ minimum: T, at path: String) {
        if value < minimum { fail(at: path, rule: "minimum", message: "below the minimum of \(minimum)") }
    }

    mutating func range<T: Comparable>(_ value: T, _ range: ClosedRange<T>, at path: String) {
        minimum(value, range.lowerBound, at: path)
        if value > range.upperBound { fail(at: path, rule: "maximum", message: "above the maximum of \(range.upperBound)") }
    }

    mutating func cinCodeSystem(_ codeSystem: String) {
        if codeSystem != Coding.cinCensus2024 {
            fail(at: "code_system", rule: "const", message: "must be \(Coding.cinCensus2024)")
        }
    }
}

extension EarlyYearsEvent {
    /// The rules of the schema that decoding does not enforce: formats, ranges, the event id
    /// pattern, the schema version, and that the subject can be identified.
    public func validate() -> [SchemaViolation] {
        var check = SchemaChecker()
        if eventID.utf8.count != 64 || !eventID.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) {
            check.fail(at: "event_id", rule: "pattern", message: "not 64 lower-case hexadecimal digits")
        }
        if schemaVersion != Self.schemaVersion {
            check.fail(at: "schema_version", rule: "const", message: "must be \(Self.schemaVersion)")
        }
        check.dateTime(occurredAt, at: "occurred_at")
        check.dateTime(recordedAt, at: "recorded_at")
        check.date(retainUntil, at: "retain_until")
        check.dateTime(provenance.receivedAt, at: "provenance.received_at")
        if let paragraph = lawfulBasis.dpaSchedule1Paragraph {
            check.minimum(paragraph, 1, at: "lawful_basis.dpa_schedule_1_paragraph")
        }
        subject.validate(into: &check)

        var payloadCheck = SchemaChecker(prefix: "payload")
        payload.content.validate(into: &payloadCheck)
        return check.violations + payloadCheck.violations
    }
}

extension Subject {
    func validate(into check: inout SchemaChecker) {
        if !isIdentifiable {
            check.fail(at: "subject", rule: "subject_identifier",
                       message: "needs an NHS number, UPN, LA child id, local id, or family name and birth date")
        }
        check.date(birthDate, at: "subject.birth_date")
        check.date(expectedBirthDate, at: "subject.expected_birth_date")
        if let nhsNumber {
            if nhsNumber.verificationStatus != nil && nhsNumber.codeSystem == nil {
                check.fail(at: "subject.nhs_number.code_system", rule: "dependent_required",
                           message: "required when verification_status is present")
            }
            // Not expressible in JSON Schema: the flag must agree with the Modulus 11 check.
            if nhsNumber.checkDigitValid != nhsNumber.value.isValid {
                check.fail(at: "subject.nhs_number.check_digit_valid", rule: "check_digit",
                           message: "disagrees with the Modulus 11 check of the value")
            }
        }
        if let upn, upn.valid != upn.value.isValid {
            check.fail(at: "subject.upn.valid", rule: "check_digit", message: "disagrees with the UPN check letter")
        }
    }
}

/// Strict RFC 3339 forms, as JSON Schema's `date` and `date-time` formats define them.
enum RFC3339 {
    static func isFullDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
              (1...12).contains(month) else { return false }
        return (1...daysIn(month: month, year: year)).contains(day)
    }

    static func isDateTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, isFullDate(String(decoding: bytes[0..<10], as: UTF8.self)),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), let second = number(bytes[17..<19]),
              hour < 24, minute < 60, second < 60 else { return false }
        var rest = bytes[19...]
        if rest.first == UInt8(ascii: ".") {
            let fraction = rest.dropFirst().prefix(while: { (0x30...0x39).contains($0) })
            guard !fraction.isEmpty else { return false }
            rest = rest.dropFirst(1 + fraction.count)
        }
        if rest.count == 1 { return rest.first == UInt8(ascii: "Z") || rest.first == UInt8(ascii: "z") }
        let offset = Array(rest)
        guard offset.count == 6, offset[0] == UInt8(ascii: "+") || offset[0] == UInt8(ascii: "-"), offset[3] == UInt8(ascii: ":"),
              let offsetHour = number(offset[1..<3]), let offsetMinute = number(offset[4..<6]) else { return false }
        return offsetHour < 24 && offsetMinute < 60
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
