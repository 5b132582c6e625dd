/// The fields linkage compares, each with comparison levels tried in order (DOMAIN.md; the
/// levels Splink's name, date and postcode comparisons use). The last level of every field is
/// "else": the two values are present and disagree. A field missing on either side (or a
/// placeholder given name) has no level: it is no evidence either way.
public enum LinkageField: String, Codable, CaseIterable, Sendable {
    case givenName = "given_name"
    case familyName = "family_name"
    case dob
    case sex
    /// Postcode and address together: they say the same thing (where the child lives), so
    /// comparing them as two fields would count one piece of evidence twice.
    case location = "postcode_address"
    case nhsNumber = "nhs_number"

    /// The level names, in the order they are tried.
    public var levels: [String] {
        switch self {
        case .givenName: ["exact", "swapped_with_family_name", "nickname_or_first_name", "jaro_winkler_0.92", "jaro_winkler_0.88", "jaro_winkler_0.70", "initial", "else"]
        case .familyName: ["exact", "swapped_with_given_name", "one_part_of_other", "jaro_winkler_0.92", "jaro_winkler_0.88", "jaro_winkler_0.70", "else"]
        case .dob: ["exact", "one_character_off", "day_month_swapped", "within_a_month", "within_a_year", "else"]
        case .sex: ["exact", "else"]
        case .location: ["postcode_and_address", "postcode", "address", "postcode_sector", "postcode_district", "postcode_area", "else"]
        case .nhsNumber: ["exact", "else"]
        }
    }

    /// The index of the level `a` and `b` reach, or `nil` when either value is missing.
    func level(_ a: LinkageRecord, _ b: LinkageRecord) -> Int? {
        switch self {
        case .givenName: Self.givenNameLevel(a, b)
        case .familyName: Self.familyNameLevel(a, b)
        case .dob: a.dob.flatMap { left in b.dob.map { right in Self.dobLevel(left, right, digits: (a.dobDigits ?? "", b.dobDigits ?? "")) } }
        case .sex: a.sex.flatMap { left in b.sex.map { right in left == right ? 0 : 1 } }
        case .location: Self.locationLevel(a, b)
        case .nhsNumber: a.nhsNumber.flatMap { left in b.nhsNumber.map { right in left == right ? 0 : 1 } }
        }
    }

    static func givenNameLevel(_ a: LinkageRecord, _ b: LinkageRecord) -> Int? {
        guard let left = a.givenName, let right = b.givenName else { return nil }
        if left == right { return 0 }
        if isSwapped(a, b) { return 1 }
        if a.givenFirstToken == b.givenFirstToken || a.givenNicknameGroups.contains(where: b.givenNicknameGroups.contains) { return 2 }
        let similarity = StringSimilarity.jaroWinkler(left, right)
        if similarity >= 0.92 { return 3 }
        if similarity >= 0.88 { return 4 }
        if similarity >= 0.70 { return 5 }
        // An initial for a name: "j" and "jack".
        if (left.unicodeScalars.count == 1 || right.unicodeScalars.count == 1), left.unicodeScalars.first == right.unicodeScalars.first { return 6 }
        return 7
    }

    /// Whether one record's given name is the other's family name and the other way round, each
    /// the same or a typo apart ("isabelle fenstone" and "fenstone isabel"), but not both the
    /// same name as the record's own other name.
    static func isSwapped(_ a: LinkageRecord, _ b: LinkageRecord) -> Bool {
        guard let given = a.givenName, let family = a.familyName, let otherGiven = b.givenName, let otherFamily = b.familyName,
              given != family, given != otherGiven || family != otherFamily else { return false }
        let close = { (x: String, y: String) in x == y || StringSimilarity.jaroWinkler(x, y) >= 0.92 }
        return close(given, otherFamily) && close(family, otherGiven)
    }

    /// "isla" of "isla rose".
    static func firstToken(_ name: String) -> Substring {
        name.split(separator: " ", maxSplits: 1).first ?? Substring(name)
    }

    static func familyNameLevel(_ a: LinkageRecord, _ b: LinkageRecord) -> Int? {
        guard let left = a.familyName, let right = b.familyName else { return nil }
        if left == right { return 0 }
        if isSwapped(a, b) { return 1 }
        // A double-barrelled name and one of its parts ("smith jones" and "jones").
        let (leftParts, rightParts) = (a.familyTokens, b.familyTokens)
        if leftParts.count != rightParts.count,
           rightParts.allSatisfy(leftParts.contains) || leftParts.allSatisfy(rightParts.contains) { return 2 }
        let similarity = StringSimilarity.jaroWinkler(left, right)
        if similarity >= 0.92 { return 3 }
        if similarity >= 0.88 { return 4 }
        if similarity >= 0.70 { return 5 }
        return 6
    }

    static func dobLevel(_ a: DateOfBirthValue, _ b: DateOfBirthValue, digits: (String, String)) -> Int {
        if a == b { return 0 }
        if digits.0.utf8.count == 8, digits.1.utf8.count == 8, StringSimilarity.editDistance(digits.0, digits.1) == 1 { return 1 }
        if let swapped = a.swapped, swapped == b { return 2 }
        if let days = DateOfBirthValue.daysBetween(a, b) {
            if days <= 31 { return 3 }
            if days <= 366 { return 4 }
        }
        return 5
    }

    /// `yyyyMMdd` for a date; the digits of a text date (`20230231`).
    static func digits(_ value: DateOfBirthValue) -> String {
        switch value {
        case .date(let year, let month, let day):
            let pad = { (number: Int, width: Int) in String(repeating: "0", count: max(0, width - String(number).count)) + String(number) }
            return pad(year, 4) + pad(month, 2) + pad(day, 2)
        case .text(let text):
            return String(text.filter(\.isASCIIDigitCharacter))
        }
    }

    /// The full postcode with the same address (token overlap at least 0.75), the full postcode
    /// alone, the same address under another or a missing postcode (a typo in one), then the
    /// postcode's sector, district and area.
    static func locationLevel(_ a: LinkageRecord, _ b: LinkageRecord) -> Int? {
        let postcode = a.postcode.flatMap { left in b.postcode.map { right in postcodeLevel(left, right) } }
        let address = addressLevel(a.addressTokenHashes, b.addressTokenHashes)
        switch (postcode, address) {
        case (0?, 0?): return 0
        case (0?, _): return 1
        case (_, 0?): return 2
        case (1?, _): return 3
        case (2?, _): return 4
        case (3?, _): return 5
        case (nil, nil): return nil
        default: return 6
        }
    }

    static func postcodeLevel(_ a: NormalisedPostcode, _ b: NormalisedPostcode) -> Int {
        if a.full == b.full { return 0 }
        guard a.isUK, b.isUK else { return 4 }
        if a.sector != nil, a.sector == b.sector { return 1 }
        if a.district != nil, a.district == b.district { return 2 }
        if a.area != nil, a.area == b.area { return 3 }
        return 4
    }

    /// Jaccard similarity of the two token sets.
    static func addressLevel(_ a: [UInt64], _ b: [UInt64]) -> Int? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        // Both sorted and unique: count the common tokens by merging.
        var i = 0
        var j = 0
        var common = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                common += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        let jaccard = Double(common) / Double(a.count + b.count - common)
        if jaccard >= 0.75 { return 0 }
        if jaccard >= 0.40 { return 1 }
        return 2
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}

/// The levels two records reach on every field, packed four bits per field (0 for no level;
/// otherwise the level's index plus one), so that pairs with the same comparison pattern can be
/// counted together when the model is trained.
public struct ComparisonVector: Hashable, Sendable {
    public let packed: UInt32

    init(_ a: LinkageRecord, _ b: LinkageRecord) {
        var packed: UInt32 = 0
        for (position, field) in LinkageField.allCases.enumerated() {
            if let level = field.level(a, b) { packed |= UInt32(level + 1) << (4 * position) }
        }
        self.packed = packed
    }

    init(packed: UInt32) { self.packed = packed }

    /// The level of the field at `position` (in ``LinkageField/allCases``), or `nil`.
    func level(at position: Int) -> Int? {
        let value = Int((packed >> (4 * position)) & 0xF)
        return value == 0 ? nil : value - 1
    }
}
