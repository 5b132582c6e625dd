import Foundation

/// A date pattern made only of numbers and separators (`d/M/yyyy`, `yyyyMMdd`,
/// `yyyy-MM-dd'T'HH:mm:ssxxx`), read by hand instead of through a `DateFormatter`.
///
/// It never disagrees with the formatter: for an input it either accepts it with the date the
/// formatter would give (and that ``DateTransform``'s strict read-back check would keep), says
/// the read-back check could never pass (the input does not have the pattern's shape), or
/// leaves the input to the formatter. Unusual inputs (years before 1900, a local time near a
/// clock change, a day written with one digit where the pattern has two) go to the formatter.
struct NumericDatePattern: Sendable {
    enum Field: Sendable {
        case year, month, day, hour, minute, second
    }

    enum Token: Sendable, Equatable {
        /// A number; `width` 1 reads one or two digits, otherwise exactly `width` digits.
        case number(Field, width: Int)
        case literal(UInt8)
        /// `xxx` (always `±hh:mm`) or `XXX` (`Z` for UTC).
        case offset(utcAsZ: Bool)
    }

    enum Match {
        case accepted(Parsed)
        /// The strict read-back check cannot pass, whatever the formatter parses.
        case rejected
        case unsure
    }

    struct Parsed {
        /// The calendar date as written (the date in the transform's time zone).
        var year, month, day: Int
        /// Seconds since 1970 in UTC.
        var instant: Int
    }

    let tokens: [Token]
    /// Literals and runs of digits, as the formatter writes the pattern; `nil` when it can differ
    /// (time-zone offsets, which may be written `Z`).
    private let shape: [UInt8]?

    private static let digitRun: UInt8 = 0

    init?(_ format: String) {
        var tokens: [Token] = []
        var characters = Array(format.unicodeScalars)[...]
        while let first = characters.first {
            if first == "'" {
                // A quoted literal; '' is a quote.
                characters = characters.dropFirst()
                guard let close = characters.firstIndex(of: "'") else { return nil }
                let quoted = characters[..<close]
                if quoted.isEmpty { tokens.append(.literal(UInt8(ascii: "'"))) }
                for scalar in quoted {
                    guard scalar.isASCII, !("0"..."9").contains(scalar) else { return nil }
                    tokens.append(.literal(UInt8(scalar.value)))
                }
                characters = characters[characters.index(after: close)...]
                continue
            }
            let run = characters.prefix { $0 == first }
            characters = characters.dropFirst(run.count)
            guard first.isASCII else { return nil }
            if !(("a"..."z").contains(first) || ("A"..."Z").contains(first)) {
                guard !("0"..."9").contains(first) else { return nil }
                for _ in run { tokens.append(.literal(UInt8(first.value))) }
                continue
            }
            switch (first, run.count) {
            case ("y", 4): tokens.append(.number(.year, width: 4))
            case ("M", 1...2): tokens.append(.number(.month, width: run.count))
            case ("d", 1...2): tokens.append(.number(.day, width: run.count))
            case ("H", 1...2): tokens.append(.number(.hour, width: run.count))
            case ("m", 1...2): tokens.append(.number(.minute, width: run.count))
            case ("s", 1...2): tokens.append(.number(.second, width: run.count))
            case ("x", 3): tokens.append(.offset(utcAsZ: false))
            case ("X", 3): tokens.append(.offset(utcAsZ: true))
            default: return nil
            }
        }
        // A one-or-two-digit number must end at a separator, or where it ends is a guess.
        for (index, token) in tokens.enumerated() {
            guard case .number(_, width: 1) = token else { continue }
            if index + 1 < tokens.count, case .number = tokens[index + 1] { return nil }
        }
        let fields = tokens.compactMap { token -> Field? in if case .number(let field, _) = token { field } else { nil } }
        guard fields.contains(.year), fields.contains(.month), fields.contains(.day), Set(fields.map { "\($0)" }).count == fields.count else { return nil }
        self.tokens = tokens
        if tokens.contains(where: { if case .offset = $0 { true } else { false } }) {
            shape = nil
        } else {
            var shape: [UInt8] = []
            for token in tokens {
                switch token {
                case .number: if shape.last != Self.digitRun { shape.append(Self.digitRun) }
                case .literal(let byte): shape.append(Self.lowercased(byte))
                case .offset: break
                }
            }
            self.shape = shape
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// Reads `text` (already trimmed) as a local time in the zone of `offsets`.
    func match(_ text: String, offsets: ZoneOffsets) -> Match {
        var text = text
        return text.withUTF8 { match($0, offsets: offsets) }
    }

    /// The numbers read, by field (a field read twice keeps the last).
    private struct Values {
        var numbers: (Int?, Int?, Int?, Int?, Int?, Int?) = (nil, nil, nil, nil, nil, nil)

        subscript(field: Field) -> Int? {
            get {
                switch field {
                case .year: numbers.0
                case .month: numbers.1
                case .day: numbers.2
                case .hour: numbers.3
                case .minute: numbers.4
                case .second: numbers.5
                }
            }
            set {
                switch field {
                case .year: numbers.0 = newValue
                case .month: numbers.1 = newValue
                case .day: numbers.2 = newValue
                case .hour: numbers.3 = newValue
                case .minute: numbers.4 = newValue
                case .second: numbers.5 = newValue
                }
            }
        }
    }

    private func match(_ bytes: UnsafeBufferPointer<UInt8>, offsets: ZoneOffsets) -> Match {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return .unsure }
        if let shape, !Self.hasShape(bytes, shape) { return .rejected }
        var values = Values()
        var offset: Int?
        var position = 0
        for token in tokens {
            switch token {
            case .literal(let byte):
                guard position < bytes.count, bytes[position] == byte else { return .unsure }
                position += 1
            case .number(let field, let width):
                var count = 0
                var value = 0
                let most = width == 1 ? 2 : width
                while count < most, position < bytes.count, Self.isDigit(bytes[position]) {
                    value = value * 10 + Int(bytes[position] - 0x30)
                    count += 1
                    position += 1
                }
                guard count == width || (width == 1 && count >= 1) else { return .unsure }
                if width == 1, position < bytes.count, Self.isDigit(bytes[position]) { return .unsure }
                values[field] = value
            case .offset(let utcAsZ):
                if utcAsZ, position < bytes.count, bytes[position] == UInt8(ascii: "Z") {
                    offset = 0
                    position += 1
                    continue
                }
                guard position + 6 <= bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-"),
                      bytes[position + 3] == UInt8(ascii: ":"),
                      [1, 2, 4, 5].allSatisfy({ Self.isDigit(bytes[position + $0]) }) else { return .unsure }
                let hours = Int(bytes[position + 1] - 0x30) * 10 + Int(bytes[position + 2] - 0x30)
                let minutes = Int(bytes[position + 4] - 0x30) * 10 + Int(bytes[position + 5] - 0x30)
                guard hours < 24, minutes < 60 else { return .unsure }
                let seconds = (hours * 3600 + minutes * 60) * (bytes[position] == UInt8(ascii: "-") ? -1 : 1)
                // XXX writes UTC as Z, so +00:00 would not read back the same.
                if utcAsZ && seconds == 0 { return .unsure }
                offset = seconds
                position += 6
            }
        }
        guard position == bytes.count else { return .unsure }
        let year = values[.year]!, month = values[.month]!, day = values[.day]!
        let hour = values[.hour] ?? 0, minute = values[.minute] ?? 0, second = values[.second] ?? 0
        guard (1900...9999).contains(year), (1...12).contains(month), (1...Self.days(in: month, of: year)).contains(day),
              hour < 24, minute < 60, second < 60 else { return .unsure }
        let local = Self.daysSince1970(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
        let instant: Int
        if let offset {
            instant = local - offset
            // The formatter writes the time back in its own zone: only the zone's own offset reads back the same.
            guard offsets.seconds(at: instant) == offset else { return .unsure }
        } else {
            // Away from a clock change, a local time has exactly one offset.
            let before = offsets.seconds(at: local - 14 * 3_600)
            let after = offsets.seconds(at: local + 14 * 3_600)
            guard before == after else { return .unsure }
            instant = local - before
        }
        return .accepted(Parsed(year: year, month: month, day: day, instant: instant))
    }

    /// Whether `bytes` has `shape`: literals lower-cased and each run of digits as one mark, as
    /// the read-back check compares them.
    private static func hasShape(_ bytes: UnsafeBufferPointer<UInt8>, _ shape: [UInt8]) -> Bool {
        var next = 0
        var last: UInt8?
        for byte in bytes {
            // A digit continues the run before it (the mark last written is compared, as it was).
            if isDigit(byte) && last == digitRun { continue }
            let mark = isDigit(byte) ? digitRun : lowercased(byte)
            guard next < shape.count, shape[next] == mark else { return false }
            next += 1
            last = mark
        }
        return next == shape.count
    }

    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar.
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// RFC 3339 in UTC (`2026-05-02T09:15:00Z`), as ``DateTransform`` writes instants.
    static func rfc3339(_ instant: Int) -> String {
        let days = instant >= 0 ? instant / 86_400 : (instant - 86_399) / 86_400
        let seconds = instant - days * 86_400
        // The inverse of daysSince1970.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return written([(year, 4, "-"), (month, 2, "-"), (day, 2, "T"), (seconds / 3_600, 2, ":"), (seconds / 60 % 60, 2, ":"), (seconds % 60, 2, "Z")])
    }

    static func calendarDate(year: Int, month: Int, day: Int) -> String {
        written([(year, 4, "-"), (month, 2, "-"), (day, 2, nil)])
    }

    /// Numbers padded with zeros to their widths, each followed by its separator. A negative
    /// number (a year before 1 BC) keeps its sign after the padding, as it always was written.
    private static func written(_ parts: [(value: Int, width: Int, separator: Unicode.Scalar?)]) -> String {
        guard parts.allSatisfy({ $0.value >= 0 }) else {
            return parts.map { digits($0.value, $0.width) + ($0.separator.map { String($0) } ?? "") }.joined()
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        for part in parts {
            var divisor = 1
            var count = 1
            while part.value / divisor >= 10 {
                divisor *= 10
                count += 1
            }
            for _ in count..<max(part.width, count) { bytes.append(UInt8(ascii: "0")) }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(part.value / divisor % 10))
                divisor /= 10
            }
            if let separator = part.separator { bytes.append(UInt8(separator.value)) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
