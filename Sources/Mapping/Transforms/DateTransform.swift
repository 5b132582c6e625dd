import Foundation

/// Parses dates and times written in a source's own formats, with an explicit time zone.
///
/// Formats use Unicode date patterns (`dd/MM/yyyy`, `yyyyMMdd`, `yyyy-MM-dd'T'HH:mm:ss`); they are
/// tried in order and parsing is strict: `30/02/2024` is an error, not 1 March.
public struct DateTransform: Sendable, Hashable {
    public let formats: [String]
    /// An IANA zone such as `Europe/London`, for sources that send local times without an offset.
    public let timeZone: String
    /// Formatters are costly to make (most of a record's mapping time when made per value).
    private let formatters: FormatterCache
    /// The formats that are only numbers and separators, read without a formatter (`nil` for others).
    private let numericPatterns: [NumericDatePattern?]

    public static func == (lhs: DateTransform, rhs: DateTransform) -> Bool {
        lhs.formats == rhs.formats && lhs.timeZone == rhs.timeZone
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(formats)
        hasher.combine(timeZone)
    }

    public init(formats: [String], timeZone: String = "Europe/London") throws(TransformError) {
        try self.init(formats: formats, timeZone: timeZone, readingNumbersByHand: true)
    }

    /// `readingNumbersByHand: false` sends every value through the formatters (for tests that
    /// check the two ways agree).
    init(formats: [String], timeZone: String, readingNumbersByHand: Bool) throws(TransformError) {
        guard !formats.isEmpty else { throw TransformError(rule: "date.no-formats", reason: "a date rule needs at least one format") }
        guard TimeZone(identifier: timeZone) != nil else {
            throw TransformError(rule: "date.time-zone", reason: "unknown time zone \(timeZone)")
        }
        self.formats = formats
        self.timeZone = timeZone
        self.formatters = FormatterCache(formats: formats, timeZone: TimeZone(identifier: timeZone)!)
        numericPatterns = readingNumbersByHand ? formats.map(NumericDatePattern.init) : formats.map { _ in nil }
    }

    /// The calendar date, as `yyyy-MM-dd`.
    public func date(_ text: String) throws(TransformError) -> String {
        let (date, zone): (Date, TimeZone)
        switch try parse(text) {
        case .numeric(let parsed): return NumericDatePattern.calendarDate(year: parsed.year, month: parsed.month, day: parsed.day)
        case .formatter(let parsedDate, let parsedZone): (date, zone) = (parsedDate, parsedZone)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// The instant, as RFC 3339 in UTC (`2026-05-02T09:15:00Z`).
    public func dateTime(_ text: String) throws(TransformError) -> String {
        switch try parse(text) {
        case .numeric(let parsed): return NumericDatePattern.rfc3339(parsed.instant)
        case .formatter(let date, _): return formatters.rfc3339(date)
        }
    }

    private enum Parsed {
        case numeric(NumericDatePattern.Parsed)
        case formatter(Date, TimeZone)
    }

    private func parse(_ text: String) throws(TransformError) -> Parsed {
        // Trimming is only needed when an end is a space (or not ASCII, for Unicode spaces).
        let trimmed = text.utf8.first.map { $0 > 0x20 && $0 < 0x80 } == true && text.utf8.last.map { $0 > 0x20 && $0 < 0x80 } == true
            ? text : text.trimmingCharacters(in: .whitespaces)
        // Strict: the text must be exactly what the format would write back, so that
        // 2/13/2024 does not slip through as something else, and no part is ignored.
        for (index, pattern) in numericPatterns.enumerated() {
            if let pattern {
                switch pattern.match(trimmed, offsets: formatters.offsets) {
                case .accepted(let parsed): return .numeric(parsed)
                case .rejected: continue
                case .unsure: break
                }
            }
            if let date = formatters.match(trimmed, format: index) {
                return .formatter(date, formatters.timeZone)
            }
        }
        throw TransformError(rule: "date.no-format-matched", reason: "the value matches none of the \(formats.count) date format(s)")
    }

    /// Compares ignoring leading zeros in numbers, so `d/M/yyyy` accepts `5/3/2024` and `05/03/2024`.
    fileprivate static func sameDigits(_ a: String, _ b: String) -> Bool {
        func normal(_ text: String) -> [String] {
            var parts: [String] = []
            var current = ""
            for character in text.lowercased() {
                if character.isNumber {
                    current.append(character)
                } else {
                    if !current.isEmpty { parts.append(String(Int(current) ?? 0)); current = "" }
                    parts.append(String(character))
                }
            }
            if !current.isEmpty { parts.append(String(Int(current) ?? 0)) }
            return parts
        }
        return normal(a) == normal(b)
    }
}

/// One formatter per format, made once and used under a lock (formatters are not Sendable).
/// What each formatter made of the texts it was given, remembered (up to a bound), because a
/// formatter takes far longer than reading by hand, and the texts left to it (a day with a clock
/// change, a format with month names) recur.
private final class FormatterCache: @unchecked Sendable {
    private let lock = NSLock()
    private let formatters: [DateFormatter]
    private let output: ISO8601DateFormatter
    let timeZone: TimeZone
    let offsets: ZoneOffsets
    /// By format: text → the date it reads as (`nil`: it does not read back as written).
    private var remembered: [[String: Date?]]
    static let rememberedPerFormat = 4_096

    init(formats: [String], timeZone: TimeZone) {
        self.timeZone = timeZone
        offsets = ZoneOffsets(timeZone)
        remembered = Array(repeating: [:], count: formats.count)
        formatters = formats.map { format in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.calendar = Calendar(identifier: .gregorian)
            formatter.timeZone = timeZone
            formatter.isLenient = false
            formatter.dateFormat = format
            return formatter
        }
        output = ISO8601DateFormatter()
        output.formatOptions = [.withInternetDateTime]
        output.timeZone = TimeZone(identifier: "UTC")
    }

    /// The date `text` is in format number `index`, if it reads back as written (numbers compared
    /// without their leading zeros: ``DateTransform/sameDigits(_:_:)``).
    func match(_ text: String, format index: Int) -> Date? {
        lock.lock()
        defer { lock.unlock() }
        if let known = remembered[index][text] { return known }
        let date = read(text, format: index)
        if remembered[index].count >= Self.rememberedPerFormat { remembered[index].removeAll(keepingCapacity: true) }
        remembered[index][text] = .some(date)
        return date
    }

    private func read(_ text: String, format index: Int) -> Date? {
        let formatter = formatters[index]
        guard let date = formatter.date(from: text) else { return nil }
        guard Self.hasOffset(formatter.dateFormat), let (body, seconds) = Self.splitOffset(text), let zone = TimeZone(secondsFromGMT: seconds) else {
            return DateTransform.sameDigits(formatter.string(from: date), text) ? date : nil
        }
        // Written back in the text's own offset, the local digits must match exactly; the
        // offset itself may be spelt `Z`, `+00:00` or `+0000`.
        formatter.timeZone = zone
        let written = formatter.string(from: date)
        formatter.timeZone = timeZone
        if let (writtenBody, writtenSeconds) = Self.splitOffset(written), writtenSeconds == seconds, DateTransform.sameDigits(writtenBody, body) { return date }
        return nil
    }

    /// Whether a format has an ISO 8601 offset field (`X`, `x` or `Z`) outside quotes.
    private static func hasOffset(_ format: String) -> Bool {
        var quoted = false
        for character in format {
            if character == "'" { quoted.toggle() } else if !quoted, "XxZ".contains(character) { return true }
        }
        return false
    }

    /// Splits a trailing `Z`, `±HH`, `±HHMM` or `±HH:MM` off a timestamp, with its offset in seconds.
    static func splitOffset(_ text: String) -> (body: String, seconds: Int)? {
        if text.hasSuffix("Z") || text.hasSuffix("z") { return (String(text.dropLast()), 0) }
        guard let sign = text.lastIndex(where: { $0 == "+" || $0 == "-" }) else { return nil }
        let digits = text[text.index(after: sign)...].filter { $0 != ":" }
        guard [2, 4].contains(digits.count), digits.allSatisfy(\.isASCII), let value = Int(digits), text.distance(from: sign, to: text.endIndex) <= 6 else { return nil }
        let hours = digits.count == 2 ? value : value / 100
        let minutes = digits.count == 2 ? 0 : value % 100
        guard hours <= 18, minutes < 60 else { return nil }
        return (String(text[..<sign]), (text[sign] == "-" ? -1 : 1) * (hours * 3600 + minutes * 60))
    }

    func rfc3339(_ date: Date) -> String {
        lock.lock()
        defer { lock.unlock() }
        return output.string(from: date)
    }
}
