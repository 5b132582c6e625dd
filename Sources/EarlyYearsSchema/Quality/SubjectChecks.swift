import Foundation

/// Data-quality checks on a subject, run by every adapter. A finding is recorded on the event and
/// the record is kept: bad data from a source is information, never a reason to drop a record.
/// Messages describe the problem, never the value.
public enum SubjectChecks {
    /// Given names that mean "not named yet": newborns are often recorded this way, and such a
    /// name is no evidence for matching.
    static let placeholderNames: Set<String> = ["baby", "infant", "unnamed", "unknown", "newborn", "baby boy", "baby girl"]

    /// The oldest age at which a birth date is plausible for the hub's children (records may
    /// follow a child to their 25th birthday).
    static let oldestPlausibleAgeYears = 25

    /// Findings for `subject`, judging dates against `today` (`yyyy-MM-dd`, the event's date).
    public static func findings(for subject: Subject, today: String) -> [DataQualityFinding] {
        var findings: [DataQualityFinding] = []
        func add(_ rule: String, _ path: String, _ severity: DataQualityFinding.Severity, _ message: String) {
            findings.append(DataQualityFinding(rule: rule, path: path, severity: severity, message: message))
        }
        if let nhs = subject.nhsNumber, !nhs.value.isValid {
            add("nhs-number.modulus-11", "subject.nhs_number.value", .warning,
                "the NHS number fails the Modulus 11 check; it will not be used for linking")
        }
        if let upn = subject.upn, !upn.value.isValid {
            add("upn.check-letter", "subject.upn.value", .warning, "the UPN's check letter or shape is wrong; it will not be used for linking")
        }
        if !subject.isIdentifiable {
            add("subject.no-identifier", "subject", .warning, "no identifier, and not both a family name and a birth date")
        }
        if let given = subject.givenNames, isPlaceholder(given) {
            add("subject.placeholder-name", "subject.given_names", .info, "the given name is a placeholder for a child not yet named")
        }
        for (date, path) in [(subject.birthDate, "subject.birth_date"), (subject.expectedBirthDate, "subject.expected_birth_date")] {
            guard let date else { continue }
            guard RFC3339.isFullDate(date) else {
                add("date.format", path, .error, "not a calendar date in yyyy-MM-dd form")
                continue
            }
            if path == "subject.birth_date" {
                if date > today {
                    add("birth-date.in-future", path, .warning, "the birth date is after the event's date")
                } else if let oldest = yearsBefore(today, oldestPlausibleAgeYears), date < oldest {
                    add("birth-date.implausible", path, .warning, "the birth date is more than \(oldestPlausibleAgeYears) years before the event")
                }
            }
        }
        for (postcode, path) in [(subject.postcode, "subject.postcode"), (subject.address?.postcode, "subject.address.postcode")] {
            if let postcode, !UKPostcode.isWellFormed(postcode) {
                add("postcode.format", path, .warning, "not a well-formed UK postcode")
            }
        }
        return findings
    }

    static func isPlaceholder(_ givenNames: [String]) -> Bool {
        // Every placeholder starts with b, i, n or u: a name starting with any other ASCII letter
        // or digit is none, whatever follows (letters and digits are not trimmed as whitespace).
        if let first = givenNames.first?.utf8.first, first < 0x80, Self.isASCIIAlphanumeric(first),
           !"biunBIUN".utf8.contains(first) {
            return false
        }
        let joined = placeholderForm(givenNames)
        // "Baby of Kowalska" split as a name leaves "Baby of" as the given names.
        return joined.isEmpty || placeholderNames.contains(joined) || ["baby of", "infant of"].contains { joined == $0 || joined.hasPrefix($0 + " ") }
    }

    /// The given names joined by spaces, lower-cased and trimmed of spaces and tabs (Unicode's
    /// `.whitespaces`), the form placeholders are compared in; names in ASCII as bytes.
    static func placeholderForm(_ givenNames: [String]) -> String {
        guard givenNames.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else {
            return givenNames.joined(separator: " ").lowercased().trimmingCharacters(in: .whitespaces)
        }
        var bytes: [UInt8] = []
        for (index, name) in givenNames.enumerated() {
            if index > 0 { bytes.append(0x20) }
            bytes += name.utf8.map { isASCIILetter($0) && $0 < 0x61 ? $0 + 0x20 : $0 }
        }
        // Among ASCII, `.whitespaces` is the space and the tab.
        let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? bytes.endIndex
        let end = bytes.lastIndex { $0 != 0x20 && $0 != 0x09 }.map { $0 + 1 } ?? start
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool { isASCIIDigit(byte) || isASCIILetter(byte) }
    static func isASCIIDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    static func isASCIILetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }

    /// The same calendar day `years` earlier (29 February falls back to 28 February).
    static func yearsBefore(_ date: String, _ years: Int) -> String? {
        guard RFC3339.isFullDate(date), let year = Int(date.prefix(4)) else { return nil }
        var monthDay = String(date.dropFirst(4))
        if monthDay == "-02-29" { monthDay = "-02-28" }
        let digits = String(year - years)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + monthDay
    }
}

/// UK postcode shape: outward code (area, district) and inward code (sector, unit).
enum UKPostcode {
    static func isWellFormed(_ text: String) -> Bool {
        // ASCII text is checked byte by byte, with the same rules as the characters below.
        if let ascii = text.utf8.withContiguousStorageIfAvailable({ utf8 in utf8.allSatisfy { $0 < 0x80 } ? isWellFormedASCII(utf8) : nil }),
           let result = ascii {
            return result
        }
        let compact = Array(text.uppercased().filter { $0 != " " })
        guard (5...7).contains(compact.count) else { return false }
        let inward = compact.suffix(3)
        guard inward.first?.isNumber == true, inward.dropFirst().allSatisfy({ $0.isLetter && $0.isASCII }) else { return false }
        let outward = compact.dropLast(3)
        guard let first = outward.first, first.isLetter, first.isASCII else { return false }
        return outward.allSatisfy { ($0.isLetter || $0.isNumber) && $0.isASCII } && outward.contains { $0.isNumber }
    }

    private static func isWellFormedASCII(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        // Upper-casing ASCII changes only letters, so letters and digits are told apart as before.
        let compact = utf8.filter { $0 != UInt8(ascii: " ") }
        let isDigit = SubjectChecks.isASCIIDigit, isLetter = SubjectChecks.isASCIILetter
        guard (5...7).contains(compact.count) else { return false }
        let inward = compact.suffix(3)
        guard let digit = inward.first, isDigit(digit), inward.dropFirst().allSatisfy(isLetter) else { return false }
        let outward = compact.dropLast(3)
        guard let first = outward.first, isLetter(first) else { return false }
        return outward.allSatisfy { isLetter($0) || isDigit($0) } && outward.contains(where: isDigit)
    }
}
