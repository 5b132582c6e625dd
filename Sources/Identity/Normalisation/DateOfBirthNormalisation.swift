/// A date of birth as linkage compares it: a validated calendar date when the source value is
/// one, otherwise the source text.
///
/// Sources write dates in several formats; reading them all into one value lets "2023-01-14",
/// "14/01/2023" and "20230114" agree exactly. A value that is not a real date ("19870231",
/// "31/02/2020") is kept as text rather than discarded or "corrected": it can still agree with
/// the same mistake in another record, and guessing a correction could invent agreement
/// between two different children.
///
/// Slash, dash and dot dates are read day first (UK order). `swapped` gives the month-first
/// reading so that linkage can recognise a day/month transposition as a near miss.
public enum DateOfBirthValue: Sendable, Hashable, Codable {
    /// A real calendar date with a year in 1900...2100.
    case date(year: Int, month: Int, day: Int)
    /// A value that is not a real calendar date in a known format (e.g. "19870231", "31/02/2020",
    /// "soon"): compared as text. Holds the raw value trimmed.
    case text(String)

    /// Reads ISO yyyy-MM-dd (also with a time part after 'T', which is ignored), yyyyMMdd,
    /// dd/MM/yyyy, d/M/yyyy, dd-MM-yyyy, dd.MM.yyyy. Validates the calendar (leap years;
    /// 2023-02-29 is text). Years must be 1900...2100. Returns nil for empty/whitespace input.
    ///
    /// Also accepted, because spreadsheet and database exports write them: a time part after a
    /// space ("2023-01-14 00:00:00", "14/01/2023 09:30"), and one-digit day or month with "-"
    /// and "." as with "/" ("4-1-2023"). Leading and trailing whitespace is ignored.
    public init?(_ raw: String) {
        let trimmed = DateOfBirthParsing.trimmingWhitespace(raw)
        guard !trimmed.isEmpty else { return nil }
        if let parts = DateOfBirthParsing.parse(trimmed) {
            self = .date(year: parts.year, month: parts.month, day: parts.day)
        } else {
            self = .text(String(trimmed))
        }
    }

    /// "yyyy-MM-dd" for a date, the text for text.
    public var iso: String {
        switch self {
        case let .date(year, month, day):
            return DateOfBirthParsing.padded(year, width: 4) + "-" + DateOfBirthParsing.padded(month, width: 2)
                + "-" + DateOfBirthParsing.padded(day, width: 2)
        case let .text(text):
            return text
        }
    }

    /// For a date whose day <= 12 and day != month: the date with day and month swapped;
    /// otherwise nil.
    ///
    /// The swapped date is always valid: its day is the original month (at most 12).
    public var swapped: DateOfBirthValue? {
        guard case let .date(year, month, day) = self, day <= 12, day != month else { return nil }
        return .date(year: year, month: day, day: month)
    }

    /// Days between two dates (absolute value); nil when either is text.
    public static func daysBetween(_ a: DateOfBirthValue, _ b: DateOfBirthValue) -> Int? {
        guard case let .date(y1, m1, d1) = a, case let .date(y2, m2, d2) = b else { return nil }
        let difference = DateOfBirthParsing.dayNumber(year: y1, month: m1, day: d1)
            - DateOfBirthParsing.dayNumber(year: y2, month: m2, day: d2)
        return abs(difference)
    }
}

/// The byte-level reading and calendar arithmetic behind `DateOfBirthValue`, without Foundation
/// (no `DateFormatter`, no `Calendar`: both are slow and locale-dependent).
enum DateOfBirthParsing {
    /// A validated year, month and day.
    struct Parts: Sendable, Equatable {
        let year: Int
        let month: Int
        let day: Int
    }

    /// The years accepted as a date of birth; others are text.
    static let years = 1900...2100

    /// The text without leading and trailing whitespace (Unicode whitespace included), as a
    /// view of the original so that a date is read without copying it.
    static func trimmingWhitespace(_ raw: String) -> Substring {
        let scalars = raw.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
              let last = scalars.lastIndex(where: { !isWhitespace($0) }) else { return "" }
        return Substring(scalars[first...last])
    }

    /// Whether a scalar is whitespace, without the property lookup for ASCII.
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    /// The validated date in `text` in one of the accepted formats, or nil.
    static func parse(_ text: Substring) -> Parts? {
        var text = text  // `withUTF8` is mutating: it makes the text contiguous if it is not.
        return text.withUTF8 { parse($0) }
    }

    /// The validated date in `bytes` in one of the accepted formats, or nil.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Parts? {
        guard let fields = isoFields(bytes) ?? compactFields(bytes) ?? dayFirstFields(bytes) else { return nil }
        return validated(year: fields.year, month: fields.month, day: fields.day)
    }

    /// yyyy-MM-dd, optionally followed by a time part after "T" or after a space.
    static func isoFields(_ bytes: UnsafeBufferPointer<UInt8>) -> Parts? {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
              isTimeSuffix(bytes[10...]) else { return nil }
        return Parts(year: year, month: month, day: day)
    }

    /// yyyyMMdd: exactly eight digits.
    static func compactFields(_ bytes: UnsafeBufferPointer<UInt8>) -> Parts? {
        guard bytes.count == 8, let year = number(bytes[0..<4]), let month = number(bytes[4..<6]),
              let day = number(bytes[6..<8]) else { return nil }
        return Parts(year: year, month: month, day: day)
    }

    /// d/M/yyyy, d-M-yyyy or d.M.yyyy (day and month of one or two digits, the same separator
    /// twice, a four-digit year), optionally followed by a time part after a space.
    static func dayFirstFields(_ bytes: UnsafeBufferPointer<UInt8>) -> Parts? {
        guard let firstSeparator = bytes.firstIndex(where: isDateSeparator), (1...2).contains(firstSeparator) else {
            return nil
        }
        let separator = bytes[firstSeparator]
        let monthStart = firstSeparator + 1
        guard let secondSeparator = bytes[monthStart...].firstIndex(of: separator),
              (1...2).contains(secondSeparator - monthStart) else { return nil }
        let yearStart = secondSeparator + 1
        let yearEnd = yearStart + 4
        guard yearEnd <= bytes.count, isTimeSuffix(bytes[yearEnd...]),
              let day = number(bytes[0..<firstSeparator]), let month = number(bytes[monthStart..<secondSeparator]),
              let year = number(bytes[yearStart..<yearEnd]) else { return nil }
        return Parts(year: year, month: month, day: day)
    }

    /// Whether what follows a date is nothing, a "T" and anything (ISO time), or a space and a
    /// digit (a time written by a spreadsheet or database).
    static func isTimeSuffix(_ rest: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard let first = rest.first else { return true }
        if first == UInt8(ascii: "T") { return true }
        guard first == UInt8(ascii: " ") else { return false }
        let time = rest.drop(while: { $0 == UInt8(ascii: " ") })
        guard let timeStart = time.first else { return true }
        return isDigit(timeStart)
    }

    /// "/", "-" or ".".
    static func isDateSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// "0"..."9".
    static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// The decimal value of a run of ASCII digits; nil when the run is empty or has a non-digit.
    static func number(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// The date when it is a real calendar date with an accepted year, otherwise nil.
    static func validated(year: Int, month: Int, day: Int) -> Parts? {
        guard years.contains(year), (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        return Parts(year: year, month: month, day: day)
    }

    /// Gregorian leap year rule.
    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in a month (1...12) of a year.
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The number in decimal, left-padded with zeros to `width` digits.
    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        guard digits.count < width else { return digits }
        return String(repeating: "0", count: width - digits.count) + digits
    }
}
