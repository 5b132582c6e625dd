/// A Unique Pupil Number (DfE): a check letter, the LA number (3 digits), the establishment
/// (4 digits), the year (2 digits) and a serial (3 digits; a temporary UPN's serial is two digits
/// and a letter).
///
/// An invalid UPN is kept as a data-quality finding and never used to link records.
public struct UniquePupilNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Upper-cased, with spaces removed.
    public let value: String

    /// The letters a UPN may use, in check-letter order; I, O and S are never used.
    static let alphabet = Array("ABCDEFGHJKLMNPQRTUVWXYZ")

    public init(_ raw: String) {
        value = raw.filter { $0 != " " }.uppercased()
    }

    public var isValid: Bool { Self.isValid(value) }

    /// Whether this UPN is a temporary one (a letter as the last character).
    public var isTemporary: Bool { isValid && value.last?.isLetter == true }

    /// DfE's check: S = Σ vₚ × p for positions p = 2…13, where a digit counts as itself and a
    /// letter as its index in ``alphabet``; the check letter is `alphabet[S mod 23]`.
    public static func isValid(_ candidate: String) -> Bool {
        let characters = Array(candidate)
        guard characters.count == 13, let checkLetter = characters.first, alphabet.contains(checkLetter) else { return false }
        // Positions 2–12 are digits; position 13 is a digit, or a letter in a temporary UPN.
        guard characters[1..<12].allSatisfy(\.isASCIIDigit) else { return false }
        let last = characters[12]
        guard last.isASCIIDigit || alphabet.contains(last) else { return false }
        var sum = 0
        for position in 2...13 {
            let character = characters[position - 1]
            let value = character.wholeNumberValue ?? alphabet.firstIndex(of: character)!
            sum += value * position
        }
        return alphabet[sum % 23] == checkLetter
    }

    /// Never the UPN itself.
    public var description: String { isValid ? "UPN (valid)" : "UPN (invalid)" }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
