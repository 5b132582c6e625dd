/// A postcode as linkage compares it: in one canonical spelling, with the UK geographic parts
/// (outward code, sector, area) split out so that records can agree at a coarser level when the
/// full postcode differs (a family that moved within a district, a typo in the inward code).
///
/// A value that is not a UK postcode (an Irish Eircode, a US zip code, free text) is kept as
/// text: it can still agree exactly with the same text in another record, but has no parts.
///
/// Built once per record, so the parsing works on UTF-8 bytes without regular expressions or
/// Foundation.
public struct NormalisedPostcode: Sendable, Hashable, Codable {
    /// Upper case, no spaces: "LS14AP". For a value that is not a UK postcode: the raw value
    /// upper-cased with whitespace removed.
    ///
    /// A UK postcode is also recognised when written with punctuation ("LS1-4AP", "ls1 4ap.");
    /// `full` is then the canonical letters and digits only.
    public let full: String
    /// true when `full` is a well-formed UK postcode (formats A9 9AA, A99 9AA, A9A 9AA, AA9 9AA,
    /// AA99 9AA, AA9A 9AA, and GIR0AA).
    public let isUK: Bool
    /// Outward code ("LS1"), sector (outward + first digit of inward, written "LS1 4"), district
    /// (== outward), area (the leading letters, "LS"). All nil when !isUK.
    public let outward: String?
    /// The postcode sector, "LS1 4": outward code, a space, the first character of the inward code.
    public let sector: String?
    /// The postcode area, "LS": the letters that begin the outward code.
    public let area: String?
    /// The postcode district, the same as the outward code ("LS1").
    public var district: String? { outward }

    /// nil when the raw value has no letters or digits at all.
    public init?(_ raw: String) {
        guard let reading = PostcodeParsing.read(raw) else { return nil }
        full = reading.full
        isUK = reading.parts != nil
        outward = reading.parts?.outward
        sector = reading.parts?.sector
        area = reading.parts?.area
    }
}

/// The byte-level steps of building a `NormalisedPostcode`, without Foundation or regular
/// expressions. ASCII input (nearly all) is read in one pass over its UTF-8 with scratch space
/// on the stack; other input takes a slower scalar-by-scalar path.
enum PostcodeParsing {
    /// The outward code, sector and area of a well-formed UK postcode.
    struct UKParts: Sendable, Equatable {
        let outward: String
        let sector: String
        let area: String
    }

    /// What a raw value reads as: the canonical text, and the UK parts when it is a UK postcode.
    struct Reading: Sendable, Equatable {
        let full: String
        let parts: UKParts?
    }

    /// The longest UK postcode without its space ("AA9A9AA").
    static let longestUK = 7

    /// The reading of a raw value, or nil when it has no letters or digits.
    static func read(_ raw: String) -> Reading? {
        var raw = raw
        switch raw.withUTF8({ readASCII($0) }) {
        case let .read(reading): return reading
        case .nothing: return nil
        case .notASCII: return readUnicode(raw)
        }
    }

    /// The outcome of the ASCII fast path.
    enum ASCIIOutcome: Sendable {
        case read(Reading)
        /// No letters or digits.
        case nothing
        /// A non-ASCII byte: use `readUnicode`.
        case notASCII
    }

    /// Reads ASCII bytes in one pass: the upper-cased text without whitespace, and alongside it
    /// the letters and digits alone (the UK candidate, which ignores punctuation such as
    /// "LS1-4AP").
    static func readASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> ASCIIOutcome {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + longestUK + 1) { scratch in
            let compactBase = longestUK + 1
            var compactCount = 0
            var alphanumericCount = 0
            for byte in bytes {
                guard byte < 0x80 else { return .notASCII }
                if isASCIIWhitespace(byte) { continue }
                let upper = isLowercaseASCIILetter(byte) ? byte & 0xDF : byte
                scratch[compactBase + compactCount] = upper
                compactCount += 1
                if isASCIILetter(upper) || isASCIIDigit(upper) {
                    if alphanumericCount < compactBase { scratch[alphanumericCount] = upper }
                    alphanumericCount += 1
                }
            }
            guard alphanumericCount > 0 else { return .nothing }
            if alphanumericCount <= longestUK {
                let candidate = UnsafeBufferPointer(rebasing: scratch[0..<alphanumericCount])
                if let parts = ukParts(candidate) {
                    return .read(Reading(full: String(decoding: candidate, as: UTF8.self), parts: parts))
                }
            }
            let compact = UnsafeBufferPointer(rebasing: scratch[compactBase..<(compactBase + compactCount)])
            return .read(Reading(full: String(decoding: compact, as: UTF8.self), parts: nil))
        }
    }

    /// `read` for text that contains non-ASCII characters: Unicode whitespace (such as a no-break
    /// space pasted from a spreadsheet) is removed too, and a non-ASCII letter or digit means the
    /// value is not a UK postcode.
    static func readUnicode(_ raw: String) -> Reading? {
        var kept = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars where !scalar.properties.isWhitespace {
            kept.append(scalar)
        }
        let compact = String(kept).uppercased()
        var candidate: [UInt8] = []
        var hasLetterOrDigit = false
        var mayBeUK = true
        for scalar in compact.unicodeScalars {
            if scalar.value < 0x80 {
                let byte = UInt8(truncatingIfNeeded: scalar.value)
                if isASCIILetter(byte) || isASCIIDigit(byte) {
                    hasLetterOrDigit = true
                    candidate.append(byte)
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                hasLetterOrDigit = true
                mayBeUK = false
            }
        }
        guard hasLetterOrDigit else { return nil }
        if mayBeUK, candidate.count <= longestUK,
           let parts = candidate.withUnsafeBufferPointer({ ukParts($0) }) {
            return Reading(full: String(decoding: candidate, as: UTF8.self), parts: parts)
        }
        return Reading(full: compact, parts: nil)
    }

    /// The parts of `bytes` (upper-case letters and digits, no spaces) when it is a well-formed
    /// UK postcode, otherwise nil.
    ///
    /// The inward code is the last three characters, digit letter letter. The outward code is one
    /// or two letters, a digit, and optionally one more digit or letter, which is exactly the
    /// formats A9, A99, A9A, AA9, AA99 and AA9A. GIR 0AA (Girobank) is the one exception.
    static func ukParts(_ bytes: UnsafeBufferPointer<UInt8>) -> UKParts? {
        guard (5...longestUK).contains(bytes.count) else { return nil }
        let inwardStart = bytes.count - 3
        guard isASCIIDigit(bytes[inwardStart]),
              isASCIILetter(bytes[inwardStart + 1]),
              isASCIILetter(bytes[inwardStart + 2]) else { return nil }
        let outward = bytes[..<inwardStart]
        let inwardDigit = bytes[inwardStart]
        if outward.elementsEqual("GIR".utf8), bytes[inwardStart...].elementsEqual("0AA".utf8) {
            return parts(outward: outward, areaLength: 3, inwardDigit: inwardDigit)
        }
        let letterCount = outward.prefix(while: isASCIILetter).count
        guard (1...2).contains(letterCount) else { return nil }
        let rest = outward.dropFirst(letterCount)
        guard (1...2).contains(rest.count), let firstDigit = rest.first, isASCIIDigit(firstDigit) else { return nil }
        if rest.count == 2, let second = rest.last, !(isASCIIDigit(second) || isASCIILetter(second)) { return nil }
        return parts(outward: outward, areaLength: letterCount, inwardDigit: inwardDigit)
    }

    /// Builds the parts from the outward code's bytes, how many leading letters form the area,
    /// and the inward code's digit.
    static func parts(outward: Slice<UnsafeBufferPointer<UInt8>>, areaLength: Int, inwardDigit: UInt8) -> UKParts {
        let outwardText = String(decoding: outward, as: UTF8.self)
        return UKParts(
            outward: outwardText,
            sector: outwardText + " " + String(Character(Unicode.Scalar(inwardDigit))),
            area: String(decoding: outward.prefix(areaLength), as: UTF8.self)
        )
    }

    /// Space, tab, line feed, vertical tab, form feed, carriage return.
    @inline(__always)
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (0x09...0x0D).contains(byte)
    }

    /// "a"..."z".
    @inline(__always)
    static func isLowercaseASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }

    /// "A"..."Z" (postcodes are upper-cased before they are checked).
    @inline(__always)
    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// "0"..."9".
    @inline(__always)
    static func isASCIIDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
