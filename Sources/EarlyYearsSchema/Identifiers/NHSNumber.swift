import Foundation

/// An NHS number as a source system sent it, with the result of its Modulus 11 check.
///
/// An invalid NHS number is kept (it is a data-quality finding, never a reason to drop a record)
/// but must not be used to link records.
public struct NHSNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The ten digits, with spaces and hyphens removed; other input is kept as sent.
    public let value: String

    public init(_ raw: String) {
        // Most arrive as ten digits already: nothing to remove, and no character to classify.
        if raw.utf8.count == 10, raw.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            value = raw
            return
        }
        let compact = raw.filter { $0 != " " && $0 != "-" }
        value = compact.count == 10 && compact.allSatisfy(\.isASCIIDigit) ? compact : raw.trimmingCharacters(in: .whitespaces)
    }

    /// Whether the value is ten digits whose last is the Modulus 11 check digit of the first nine.
    public var isValid: Bool { Self.isValid(value) }

    /// The Modulus 11 check (NHS Data Dictionary): S = Σ dᵢ × (11 − i) for i = 1…9; R = S mod 11;
    /// C = 11 − R, with C = 11 → 0 and C = 10 → invalid; valid iff C equals the tenth digit.
    /// Read as UTF-8: ten ASCII digits are exactly ten bytes, each a digit.
    public static func isValid(_ candidate: String) -> Bool {
        guard candidate.utf8.count == 10 else { return false }
        var sum = 0
        var last = 0
        for (index, byte) in candidate.utf8.enumerated() {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return false }
            let digit = Int(byte - UInt8(ascii: "0"))
            if index < 9 { sum += digit * (10 - index) } else { last = digit }
        }
        let check = 11 - sum % 11
        switch check {
        case 11: return last == 0
        case 10: return false
        default: return last == check
        }
    }

    /// Never the number itself: identifiers stay out of logs and error messages.
    public var description: String { isValid ? "NHS number (valid)" : "NHS number (invalid)" }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
